import { createRoute } from '@hono/zod-openapi';
import { replyToConversation } from '@sofortdesk/domain';
import { messageSchema, replyRequest } from '@sofortdesk/protocol';
import { actorOf } from '../../context.ts';
import { presentMessage } from '../../presenters.ts';
import { bearerOrSession, jsonBody, jsonResponse, problems, type Register } from '../support.ts';
import { conversationParams } from './params.ts';

export const route = createRoute({
  method: 'post',
  path: '/api/v1/conversations/{conversationId}/messages',
  tags: ['Conversations'],
  summary: 'Reply to the customer (kind "text") or add an internal note (kind "note")',
  description:
    'Files to send are uploaded first (POST .../attachments) and named by their keys. On an e-mail ' +
    'conversation a reply leaves as mail; `via: "email"` sends a web chat reply by mail (the contact ' +
    'needs an e-mail address) from `emailInboxId` or the first e-mail inbox, and the answer threads back.',
  security: bearerOrSession,
  request: { params: conversationParams, body: jsonBody(replyRequest) },
  responses: { 201: jsonResponse(messageSchema, 'Created'), ...problems(400, 401, 403, 404, 415, 422) },
});

export const register: Register = (app, { webchat, secrets, mailThreads }) =>
  app.openapi(route, async (c) => {
    const { text, kind, attachments, via, emailInboxId } = c.req.valid('json');
    const deps = { ...webchat, secrets, mailThreads };
    const message = await replyToConversation(deps, actorOf(c), c.req.valid('param').conversationId, {
      text,
      kind,
      attachmentKeys: attachments,
      ...(via === 'email' && { via, emailInboxId }),
    });
    return c.json(presentMessage(message), 201);
  });

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
  security: bearerOrSession,
  request: { params: conversationParams, body: jsonBody(replyRequest) },
  responses: { 201: jsonResponse(messageSchema, 'Created'), ...problems(400, 401, 403, 404, 415, 422) },
});

export const register: Register = (app, { useCases }) =>
  app.openapi(route, async (c) => {
    const message = await replyToConversation(
      useCases,
      actorOf(c),
      c.req.valid('param').conversationId,
      c.req.valid('json'),
    );
    return c.json(presentMessage(message), 201);
  });

import { createRoute } from '@hono/zod-openapi';
import { updateConversation } from '@sofortdesk/domain';
import { conversationSchema, updateConversationRequest } from '@sofortdesk/protocol';
import { actorOf } from '../../context.ts';
import { presentConversation } from '../../presenters.ts';
import { bearerOrSession, jsonBody, jsonResponse, problems, type Register } from '../support.ts';
import { conversationParams } from './params.ts';

export const route = createRoute({
  method: 'patch',
  path: '/api/v1/conversations/{conversationId}',
  tags: ['Conversations'],
  summary: 'Change status, priority, assignee, team, labels or snooze time',
  security: bearerOrSession,
  request: { params: conversationParams, body: jsonBody(updateConversationRequest) },
  responses: { 200: jsonResponse(conversationSchema, 'Updated'), ...problems(400, 401, 403, 404, 415, 422) },
});

export const register: Register = (app, { useCases }) =>
  app.openapi(route, async (c) => {
    const conversation = await updateConversation(
      useCases,
      actorOf(c),
      c.req.valid('param').conversationId,
      c.req.valid('json'),
    );
    return c.json(presentConversation(conversation), 200);
  });

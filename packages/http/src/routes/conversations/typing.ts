import { createRoute } from '@hono/zod-openapi';
import { agentTyping } from '@sofortdesk/domain';
import { typingRequest } from '@sofortdesk/protocol';
import { actorOf } from '../../context.ts';
import { bearerOrSession, jsonBody, problems, type Register } from '../support.ts';
import { conversationParams } from './params.ts';

export const route = createRoute({
  method: 'post',
  path: '/api/v1/conversations/{conversationId}/typing',
  tags: ['Conversations'],
  summary: 'Tell the customer (web chat) and the other agents that you are typing, or stopped',
  description: 'Ephemeral: not stored, no cursor; sent to the realtime streams as a "typing" frame.',
  security: bearerOrSession,
  request: { params: conversationParams, body: jsonBody(typingRequest) },
  responses: { 204: { description: 'Sent' }, ...problems(400, 401, 403, 404, 415, 422) },
});

export const register: Register = (app, { webchat }) =>
  app.openapi(route, async (c) => {
    await agentTyping(webchat, actorOf(c), c.req.valid('param').conversationId, c.req.valid('json').typing);
    return c.body(null, 204);
  });

import { createRoute } from '@hono/zod-openapi';
import { getConversation } from '@sofortdesk/domain';
import { conversationSchema } from '@sofortdesk/protocol';
import { actorOf } from '../../context.ts';
import { presentConversation } from '../../presenters.ts';
import { bearerOrSession, jsonResponse, problems, type Register } from '../support.ts';
import { conversationParams } from './params.ts';

export const route = createRoute({
  method: 'get',
  path: '/api/v1/conversations/{conversationId}',
  tags: ['Conversations'],
  summary: 'One conversation',
  security: bearerOrSession,
  request: { params: conversationParams },
  responses: { 200: jsonResponse(conversationSchema, 'The conversation'), ...problems(401, 403, 404) },
});

export const register: Register = (app, { useCases }) =>
  app.openapi(route, async (c) => {
    const conversation = await getConversation(useCases, actorOf(c), c.req.valid('param').conversationId);
    return c.json(presentConversation(conversation), 200);
  });

import { createRoute } from '@hono/zod-openapi';
import { markReadByAgent } from '@sofortdesk/domain';
import { conversationSchema } from '@sofortdesk/protocol';
import { actorOf } from '../../context.ts';
import { presentConversation } from '../../presenters.ts';
import { bearerOrSession, jsonResponse, problems, type Register } from '../support.ts';
import { conversationParams } from './params.ts';

export const route = createRoute({
  method: 'post',
  path: '/api/v1/conversations/{conversationId}/read',
  tags: ['Conversations'],
  summary: 'Mark the conversation read up to now (the customer sees "Read" in the widget)',
  description:
    'agentLastReadAt only moves forward; when it moves, a conversation.read event goes to the ' +
    "realtime streams (the customer's widget included). Send it when an agent opens the conversation.",
  security: bearerOrSession,
  request: { params: conversationParams },
  responses: { 200: jsonResponse(conversationSchema, 'The conversation'), ...problems(401, 403, 404) },
});

export const register: Register = (app, { useCases }) =>
  app.openapi(route, async (c) => {
    const conversation = await markReadByAgent(useCases, actorOf(c), c.req.valid('param').conversationId);
    return c.json(presentConversation(conversation), 200);
  });

import { createRoute } from '@hono/zod-openapi';
import { markReadByVisitor } from '@sofortdesk/domain';
import { markReadRequest } from '@sofortdesk/protocol';
import { jsonBody, problems, visitorToken, type Register } from '../support.ts';
import { visitorOf, webchatInboxParams } from './support.ts';

export const route = createRoute({
  method: 'post',
  path: '/api/v1/widget/{webchatInboxId}/read',
  tags: ['Widget'],
  summary: "The visitor has read the team's messages of a conversation up to now",
  description:
    'Send while the chat is open and visible (throttled). The agents see "read" on their last reply ' +
    'the customer has read, live (a conversation.read event). Only the visitor’s own conversations.',
  security: visitorToken,
  request: { params: webchatInboxParams, body: jsonBody(markReadRequest) },
  responses: { 204: { description: 'Marked' }, ...problems(400, 401, 403, 404, 415, 422) },
});

export const register: Register = (app, { webchat }) =>
  app.openapi(route, async (c) => {
    const visitor = await visitorOf(c, webchat, c.req.valid('param').webchatInboxId);
    await markReadByVisitor(webchat, visitor, c.req.valid('json').conversationId);
    return c.body(null, 204);
  });

import { createRoute } from '@hono/zod-openapi';
import { visitorTyping } from '@sofortdesk/domain';
import { typingRequest } from '@sofortdesk/protocol';
import { jsonBody, problems, visitorToken, type Register } from '../support.ts';
import { visitorOf, webchatInboxParams } from './support.ts';

export const route = createRoute({
  method: 'post',
  path: '/api/v1/widget/{webchatInboxId}/typing',
  tags: ['Widget'],
  summary: 'The visitor is typing, or stopped (ephemeral: shown to agents live, never stored)',
  security: visitorToken,
  request: { params: webchatInboxParams, body: jsonBody(typingRequest) },
  responses: { 204: { description: 'Sent' }, ...problems(400, 401, 403, 404, 415, 422) },
});

export const register: Register = (app, { webchat }) =>
  app.openapi(route, async (c) => {
    const visitor = await visitorOf(c, webchat, c.req.valid('param').webchatInboxId);
    await visitorTyping(webchat, visitor, c.req.valid('json').typing);
    return c.body(null, 204);
  });

import { createRoute } from '@hono/zod-openapi';
import { createTokenRequest, createdTokenSchema } from '@sofortdesk/protocol';
import { actorOf } from '../../context.ts';
import { presentToken } from '../../presenters.ts';
import { bearerOrSession, jsonBody, jsonResponse, problems, type Register } from '../support.ts';

export const route = createRoute({
  method: 'post',
  path: '/api/v1/tokens',
  tags: ['Auth'],
  summary: 'Create an API token acting as yourself; the token is shown only in this response',
  security: bearerOrSession,
  request: { body: jsonBody(createTokenRequest) },
  responses: { 201: jsonResponse(createdTokenSchema, 'Created'), ...problems(400, 401, 403, 415, 422) },
});

export const register: Register = (app, { auth }) =>
  app.openapi(route, async (c) => {
    const { token, record } = await auth.createApiToken(actorOf(c), c.req.valid('json').name);
    return c.json({ ...presentToken(record), token }, 201);
  });

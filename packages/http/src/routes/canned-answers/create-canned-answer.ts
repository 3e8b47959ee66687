import { createRoute } from '@hono/zod-openapi';
import { createCannedAnswer } from '@sofortdesk/domain';
import { cannedAnswerSchema, createCannedAnswerRequest } from '@sofortdesk/protocol';
import { actorOf } from '../../context.ts';
import { presentCannedAnswer } from '../../presenters.ts';
import { bearerOrSession, jsonBody, jsonResponse, problems, type Register } from '../support.ts';

export const route = createRoute({
  method: 'post',
  path: '/api/v1/canned-answers',
  tags: ['Canned answers'],
  summary: 'Create a canned answer (admins)',
  security: bearerOrSession,
  'x-sofortdesk-roles': ['admin'],
  request: { body: jsonBody(createCannedAnswerRequest) },
  responses: {
    201: jsonResponse(cannedAnswerSchema, 'Created'),
    ...problems(400, 401, 403, 409, 415, 422),
  },
});

export const register: Register = (app, { useCases }) =>
  app.openapi(route, async (c) => {
    const answer = await createCannedAnswer(useCases, actorOf(c), c.req.valid('json'));
    return c.json(presentCannedAnswer(answer), 201);
  });

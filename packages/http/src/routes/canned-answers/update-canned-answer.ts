import { createRoute } from '@hono/zod-openapi';
import { updateCannedAnswer } from '@sofortdesk/domain';
import { cannedAnswerSchema, updateCannedAnswerRequest } from '@sofortdesk/protocol';
import { actorOf } from '../../context.ts';
import { presentCannedAnswer } from '../../presenters.ts';
import { bearerOrSession, jsonBody, jsonResponse, problems, type Register } from '../support.ts';
import { cannedAnswerParams } from './params.ts';

export const route = createRoute({
  method: 'patch',
  path: '/api/v1/canned-answers/{cannedAnswerId}',
  tags: ['Canned answers'],
  summary: 'Change a canned answer (admins)',
  security: bearerOrSession,
  'x-sofortdesk-roles': ['admin'],
  request: { params: cannedAnswerParams, body: jsonBody(updateCannedAnswerRequest) },
  responses: {
    200: jsonResponse(cannedAnswerSchema, 'Updated'),
    ...problems(400, 401, 403, 404, 409, 415, 422),
  },
});

export const register: Register = (app, { useCases }) =>
  app.openapi(route, async (c) => {
    const answer = await updateCannedAnswer(
      useCases,
      actorOf(c),
      c.req.valid('param').cannedAnswerId,
      c.req.valid('json'),
    );
    return c.json(presentCannedAnswer(answer), 200);
  });

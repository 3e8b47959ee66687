import { createRoute } from '@hono/zod-openapi';
import { deleteCannedAnswer } from '@sofortdesk/domain';
import { actorOf } from '../../context.ts';
import { bearerOrSession, problems, type Register } from '../support.ts';
import { cannedAnswerParams } from './params.ts';

export const route = createRoute({
  method: 'delete',
  path: '/api/v1/canned-answers/{cannedAnswerId}',
  tags: ['Canned answers'],
  summary: 'Delete a canned answer (admins)',
  security: bearerOrSession,
  'x-sofortdesk-roles': ['admin'],
  request: { params: cannedAnswerParams },
  responses: { 204: { description: 'Deleted' }, ...problems(401, 403, 404) },
});

export const register: Register = (app, { useCases }) =>
  app.openapi(route, async (c) => {
    await deleteCannedAnswer(useCases, actorOf(c), c.req.valid('param').cannedAnswerId);
    return c.body(null, 204);
  });

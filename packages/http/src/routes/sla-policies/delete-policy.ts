import { createRoute } from '@hono/zod-openapi';
import { deleteSlaPolicy } from '@sofortdesk/domain';
import { actorOf } from '../../context.ts';
import { bearerOrSession, problems, type Register } from '../support.ts';
import { slaPolicyParams } from './params.ts';

export const route = createRoute({
  method: 'delete',
  path: '/api/v1/sla-policies/{slaPolicyId}',
  tags: ['SLA'],
  summary: 'Delete an SLA policy (admins)',
  security: bearerOrSession,
  'x-sofortdesk-roles': ['admin'],
  request: { params: slaPolicyParams },
  responses: { 204: { description: 'Deleted' }, ...problems(401, 403, 404) },
});

export const register: Register = (app, { useCases }) =>
  app.openapi(route, async (c) => {
    await deleteSlaPolicy(useCases, actorOf(c), c.req.valid('param').slaPolicyId);
    return c.body(null, 204);
  });

import { createRoute, z } from '@hono/zod-openapi';
import { listSlaPolicies } from '@sofortdesk/domain';
import { slaPolicySchema } from '@sofortdesk/protocol';
import { actorOf } from '../../context.ts';
import { presentSlaPolicy } from '../../presenters.ts';
import { bearerOrSession, jsonResponse, problems, type Register } from '../support.ts';

export const route = createRoute({
  method: 'get',
  path: '/api/v1/sla-policies',
  tags: ['SLA'],
  summary: "Your account's SLA policies, oldest first",
  security: bearerOrSession,
  'x-sofortdesk-roles': ['admin', 'agent'],
  responses: {
    200: jsonResponse(z.object({ items: z.array(slaPolicySchema) }), 'SLA policies'),
    ...problems(401, 403),
  },
});

export const register: Register = (app, { useCases }) =>
  app.openapi(route, async (c) => {
    const policies = await listSlaPolicies(useCases, actorOf(c));
    return c.json({ items: policies.map(presentSlaPolicy) }, 200);
  });

import { createRoute, z } from '@hono/zod-openapi';
import { listRoutingRules } from '@sofortdesk/domain';
import { routingRuleSchema } from '@sofortdesk/protocol';
import { actorOf } from '../../context.ts';
import { presentRoutingRule } from '../../presenters.ts';
import { bearerOrSession, jsonResponse, problems, type Register } from '../support.ts';

export const route = createRoute({
  method: 'get',
  path: '/api/v1/routing-rules',
  tags: ['Routing rules'],
  summary: 'Routing rules in evaluation order, the fallback last, with their problems (admins)',
  security: bearerOrSession,
  'x-sofortdesk-roles': ['admin'],
  responses: {
    200: jsonResponse(z.object({ items: z.array(routingRuleSchema) }), 'Routing rules'),
    ...problems(401, 403),
  },
});

export const register: Register = (app, { useCases }) =>
  app.openapi(route, async (c) => {
    const rules = await listRoutingRules(useCases, actorOf(c));
    return c.json({ items: rules.map(presentRoutingRule) }, 200);
  });

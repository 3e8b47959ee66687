import { createRoute, z } from '@hono/zod-openapi';
import { reorderRoutingRules } from '@sofortdesk/domain';
import { reorderRoutingRulesRequest, routingRuleSchema } from '@sofortdesk/protocol';
import { actorOf } from '../../context.ts';
import { presentRoutingRule } from '../../presenters.ts';
import { bearerOrSession, jsonBody, jsonResponse, problems, type Register } from '../support.ts';

export const route = createRoute({
  method: 'put',
  path: '/api/v1/routing-rules/order',
  tags: ['Routing rules'],
  summary: 'Set the evaluation order of every rule but the fallback (admins)',
  security: bearerOrSession,
  'x-sofortdesk-roles': ['admin'],
  request: { body: jsonBody(reorderRoutingRulesRequest) },
  responses: {
    200: jsonResponse(z.object({ items: z.array(routingRuleSchema) }), 'Rules in their new order'),
    ...problems(400, 401, 403, 415, 422),
  },
});

export const register: Register = (app, { useCases }) =>
  app.openapi(route, async (c) => {
    const rules = await reorderRoutingRules(useCases, actorOf(c), c.req.valid('json').ids);
    return c.json({ items: rules.map(presentRoutingRule) }, 200);
  });

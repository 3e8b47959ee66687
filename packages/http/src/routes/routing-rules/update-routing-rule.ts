import { createRoute } from '@hono/zod-openapi';
import { updateRoutingRule } from '@sofortdesk/domain';
import { routingRuleSchema, updateRoutingRuleRequest } from '@sofortdesk/protocol';
import { actorOf } from '../../context.ts';
import { presentRoutingRule } from '../../presenters.ts';
import { bearerOrSession, jsonBody, jsonResponse, problems, type Register } from '../support.ts';
import { routingRuleParams } from './params.ts';

export const route = createRoute({
  method: 'patch',
  path: '/api/v1/routing-rules/{routingRuleId}',
  tags: ['Routing rules'],
  summary: "Change a routing rule; the fallback's actions and name only (admins)",
  security: bearerOrSession,
  'x-sofortdesk-roles': ['admin'],
  request: { params: routingRuleParams, body: jsonBody(updateRoutingRuleRequest) },
  responses: {
    200: jsonResponse(routingRuleSchema, 'Updated'),
    ...problems(400, 401, 403, 404, 415, 422),
  },
});

export const register: Register = (app, { useCases }) =>
  app.openapi(route, async (c) => {
    const rule = await updateRoutingRule(
      useCases,
      actorOf(c),
      c.req.valid('param').routingRuleId,
      c.req.valid('json'),
    );
    return c.json(presentRoutingRule(rule), 200);
  });

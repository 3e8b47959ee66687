import { createRoute } from '@hono/zod-openapi';
import { createRoutingRule } from '@sofortdesk/domain';
import { createRoutingRuleRequest, routingRuleSchema } from '@sofortdesk/protocol';
import { actorOf } from '../../context.ts';
import { presentRoutingRule } from '../../presenters.ts';
import { bearerOrSession, jsonBody, jsonResponse, problems, type Register } from '../support.ts';

export const route = createRoute({
  method: 'post',
  path: '/api/v1/routing-rules',
  tags: ['Routing rules'],
  summary: 'Create a routing rule, placed last before the fallback (admins)',
  security: bearerOrSession,
  'x-sofortdesk-roles': ['admin'],
  request: { body: jsonBody(createRoutingRuleRequest) },
  responses: {
    201: jsonResponse(routingRuleSchema, 'Created'),
    ...problems(400, 401, 403, 415, 422),
  },
});

export const register: Register = (app, { useCases }) =>
  app.openapi(route, async (c) => {
    const rule = await createRoutingRule(useCases, actorOf(c), c.req.valid('json'));
    return c.json(presentRoutingRule(rule), 201);
  });

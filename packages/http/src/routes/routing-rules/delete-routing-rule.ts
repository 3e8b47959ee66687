import { createRoute } from '@hono/zod-openapi';
import { deleteRoutingRule } from '@sofortdesk/domain';
import { actorOf } from '../../context.ts';
import { bearerOrSession, problems, type Register } from '../support.ts';
import { routingRuleParams } from './params.ts';

export const route = createRoute({
  method: 'delete',
  path: '/api/v1/routing-rules/{routingRuleId}',
  tags: ['Routing rules'],
  summary: 'Delete a routing rule; the fallback stays (409) (admins)',
  security: bearerOrSession,
  'x-sofortdesk-roles': ['admin'],
  request: { params: routingRuleParams },
  responses: { 204: { description: 'Deleted' }, ...problems(401, 403, 404, 409) },
});

export const register: Register = (app, { useCases }) =>
  app.openapi(route, async (c) => {
    await deleteRoutingRule(useCases, actorOf(c), c.req.valid('param').routingRuleId);
    return c.body(null, 204);
  });

import { createRoute, z } from '@hono/zod-openapi';
import { listAgents } from '@sofortdesk/domain';
import { agentSchema } from '@sofortdesk/protocol';
import { actorOf } from '../../context.ts';
import { presentAgent } from '../../presenters.ts';
import { bearerOrSession, jsonResponse, problems, type Register } from '../support.ts';

export const route = createRoute({
  method: 'get',
  path: '/api/v1/agents',
  tags: ['Team'],
  summary: 'Agents of your account',
  security: bearerOrSession,
  responses: {
    200: jsonResponse(z.object({ items: z.array(agentSchema) }), 'Agents'),
    ...problems(401, 403),
  },
});

export const register: Register = (app, { useCases }) =>
  app.openapi(route, async (c) => {
    const agents = await listAgents(useCases, actorOf(c));
    return c.json({ items: agents.map(presentAgent) }, 200);
  });

import { createRoute, z } from '@hono/zod-openapi';
import { updateAgent } from '@sofortdesk/domain';
import { agentSchema, idRef, updateAgentRequest } from '@sofortdesk/protocol';
import { actorOf } from '../../context.ts';
import { presentAgent } from '../../presenters.ts';
import { bearerOrSession, jsonBody, jsonResponse, problems, type Register } from '../support.ts';

export const route = createRoute({
  method: 'patch',
  path: '/api/v1/agents/{agentId}',
  tags: ['Team'],
  summary: "Change an agent's name, role or language (admins)",
  description: 'A new role applies from their next request on.',
  security: bearerOrSession,
  'x-sofortdesk-roles': ['admin'],
  request: { params: z.object({ agentId: idRef }), body: jsonBody(updateAgentRequest) },
  responses: { 200: jsonResponse(agentSchema, 'Updated'), ...problems(400, 401, 403, 404, 409, 415, 422) },
});

export const register: Register = (app, { useCases }) =>
  app.openapi(route, async (c) => {
    const agent = await updateAgent(useCases, actorOf(c), c.req.valid('param').agentId, c.req.valid('json'));
    return c.json(presentAgent(agent), 200);
  });

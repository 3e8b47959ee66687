import { createRoute } from '@hono/zod-openapi';
import { createAgent } from '@sofortdesk/domain';
import { agentSchema, createAgentRequest } from '@sofortdesk/protocol';
import { actorOf } from '../../context.ts';
import { presentAgent } from '../../presenters.ts';
import { bearerOrSession, jsonBody, jsonResponse, problems, type Register } from '../support.ts';

export const route = createRoute({
  method: 'post',
  path: '/api/v1/agents',
  tags: ['Team'],
  summary: 'Add an agent, admin or partner (admins)',
  security: bearerOrSession,
  request: { body: jsonBody(createAgentRequest) },
  responses: { 201: jsonResponse(agentSchema, 'Created'), ...problems(400, 401, 403, 404, 409, 415, 422) },
});

export const register: Register = (app, { useCases, passwords }) =>
  app.openapi(route, async (c) => {
    const agent = await createAgent({ ...useCases, passwords }, actorOf(c), c.req.valid('json'));
    return c.json(presentAgent(agent), 201);
  });

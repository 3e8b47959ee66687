import { createRoute } from '@hono/zod-openapi';
import { createSlaPolicy } from '@sofortdesk/domain';
import { slaPolicyRequest, slaPolicySchema } from '@sofortdesk/protocol';
import { actorOf } from '../../context.ts';
import { presentSlaPolicy } from '../../presenters.ts';
import { bearerOrSession, jsonBody, jsonResponse, problems, type Register } from '../support.ts';
import { policyInput } from './params.ts';

export const route = createRoute({
  method: 'post',
  path: '/api/v1/sla-policies',
  tags: ['SLA'],
  summary: 'Create an SLA policy (admins): targets in business minutes, a calendar, warning and escalation',
  security: bearerOrSession,
  'x-sofortdesk-roles': ['admin'],
  request: { body: jsonBody(slaPolicyRequest) },
  responses: {
    201: jsonResponse(slaPolicySchema, 'Created'),
    ...problems(400, 401, 403, 409, 415, 422),
  },
});

export const register: Register = (app, { useCases }) =>
  app.openapi(route, async (c) => {
    const policy = await createSlaPolicy(useCases, actorOf(c), policyInput(c.req.valid('json')));
    return c.json(presentSlaPolicy(policy), 201);
  });

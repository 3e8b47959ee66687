import { createRoute } from '@hono/zod-openapi';
import { updateSlaPolicy } from '@sofortdesk/domain';
import { slaPolicyRequest, slaPolicySchema } from '@sofortdesk/protocol';
import { actorOf } from '../../context.ts';
import { presentSlaPolicy } from '../../presenters.ts';
import { bearerOrSession, jsonBody, jsonResponse, problems, type Register } from '../support.ts';
import { policyInput, slaPolicyParams } from './params.ts';

export const route = createRoute({
  method: 'put',
  path: '/api/v1/sla-policies/{slaPolicyId}',
  tags: ['SLA'],
  summary: 'Replace an SLA policy (admins); conversations follow at their next change or check',
  security: bearerOrSession,
  'x-sofortdesk-roles': ['admin'],
  request: { params: slaPolicyParams, body: jsonBody(slaPolicyRequest) },
  responses: {
    200: jsonResponse(slaPolicySchema, 'Updated'),
    ...problems(400, 401, 403, 404, 409, 415, 422),
  },
});

export const register: Register = (app, { useCases }) =>
  app.openapi(route, async (c) => {
    const policy = await updateSlaPolicy(
      useCases,
      actorOf(c),
      c.req.valid('param').slaPolicyId,
      policyInput(c.req.valid('json')),
    );
    return c.json(presentSlaPolicy(policy), 200);
  });

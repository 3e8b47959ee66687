import { createRoute, z } from '@hono/zod-openapi';
import { updateAgentAssignment } from '@sofortdesk/domain';
import { agentAssignmentSchema, idRef, updateAgentAssignmentRequest } from '@sofortdesk/protocol';
import { actorOf } from '../../context.ts';
import { presentAgentAssignment } from '../../presenters.ts';
import { bearerOrSession, jsonBody, jsonResponse, problems, type Register } from '../support.ts';

export const route = createRoute({
  method: 'patch',
  path: '/api/v1/agents/{agentId}/assignment',
  tags: ['Assignment'],
  summary: "Set an agent's capacity and skills for automatic assignment (admins)",
  description:
    'capacity: the most open conversations assigned automatically; languages (empty: any) and topics ' +
    '(intent names or labels) steer who gets which conversation.',
  security: bearerOrSession,
  'x-sofortdesk-roles': ['admin'],
  request: { params: z.object({ agentId: idRef }), body: jsonBody(updateAgentAssignmentRequest) },
  responses: {
    200: jsonResponse(agentAssignmentSchema, 'Saved'),
    ...problems(400, 401, 403, 404, 415, 422),
  },
});

export const register: Register = (app, { useCases }) =>
  app.openapi(route, async (c) => {
    const view = await updateAgentAssignment(
      useCases,
      actorOf(c),
      c.req.valid('param').agentId,
      c.req.valid('json'),
    );
    return c.json(presentAgentAssignment(view), 200);
  });

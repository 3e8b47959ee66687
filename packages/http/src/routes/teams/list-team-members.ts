import { createRoute, z } from '@hono/zod-openapi';
import { listTeamMembers } from '@sofortdesk/domain';
import { agentSchema } from '@sofortdesk/protocol';
import { actorOf } from '../../context.ts';
import { presentAgent } from '../../presenters.ts';
import { bearerOrSession, jsonResponse, problems, type Register } from '../support.ts';
import { teamParams } from './params.ts';

export const route = createRoute({
  method: 'get',
  path: '/api/v1/teams/{teamId}/members',
  tags: ['Team'],
  summary: 'The members of a team',
  security: bearerOrSession,
  request: { params: teamParams },
  responses: {
    200: jsonResponse(z.object({ items: z.array(agentSchema) }), 'Members'),
    ...problems(401, 403, 404),
  },
});

export const register: Register = (app, { useCases }) =>
  app.openapi(route, async (c) => {
    const members = await listTeamMembers(useCases, actorOf(c), c.req.valid('param').teamId);
    return c.json({ items: members.map(presentAgent) }, 200);
  });

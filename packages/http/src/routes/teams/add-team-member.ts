import { createRoute } from '@hono/zod-openapi';
import { addTeamMember } from '@sofortdesk/domain';
import { actorOf } from '../../context.ts';
import { bearerOrSession, problems, type Register } from '../support.ts';
import { teamMemberParams } from './params.ts';

export const route = createRoute({
  method: 'put',
  path: '/api/v1/teams/{teamId}/members/{agentId}',
  tags: ['Team'],
  summary: 'Add an agent to a team (admins); repeating it changes nothing',
  security: bearerOrSession,
  'x-sofortdesk-roles': ['admin'],
  request: { params: teamMemberParams },
  responses: { 204: { description: 'The agent is a member' }, ...problems(401, 403, 404) },
});

export const register: Register = (app, { useCases }) =>
  app.openapi(route, async (c) => {
    const { teamId, agentId } = c.req.valid('param');
    await addTeamMember(useCases, actorOf(c), teamId, agentId);
    return c.body(null, 204);
  });

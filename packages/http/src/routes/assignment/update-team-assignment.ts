import { createRoute } from '@hono/zod-openapi';
import { updateTeamAssignment } from '@sofortdesk/domain';
import { teamAssignmentSchema, updateTeamAssignmentRequest } from '@sofortdesk/protocol';
import { actorOf } from '../../context.ts';
import { bearerOrSession, jsonBody, jsonResponse, problems, type Register } from '../support.ts';
import { teamParams } from '../teams/params.ts';

export const route = createRoute({
  method: 'patch',
  path: '/api/v1/teams/{teamId}/assignment',
  tags: ['Assignment'],
  summary: "Set a team's assignment strategy and turn its automatic assignment on or off (admins)",
  security: bearerOrSession,
  'x-sofortdesk-roles': ['admin'],
  request: { params: teamParams, body: jsonBody(updateTeamAssignmentRequest) },
  responses: {
    200: jsonResponse(teamAssignmentSchema, 'Saved'),
    ...problems(400, 401, 403, 404, 415, 422),
  },
});

export const register: Register = (app, { useCases }) =>
  app.openapi(route, async (c) => {
    const settings = await updateTeamAssignment(
      useCases,
      actorOf(c),
      c.req.valid('param').teamId,
      c.req.valid('json'),
    );
    return c.json(settings, 200);
  });

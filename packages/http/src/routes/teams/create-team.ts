import { createRoute } from '@hono/zod-openapi';
import { createTeam } from '@sofortdesk/domain';
import { createTeamRequest, teamSchema } from '@sofortdesk/protocol';
import { actorOf } from '../../context.ts';
import { presentTeam } from '../../presenters.ts';
import { bearerOrSession, jsonBody, jsonResponse, problems, type Register } from '../support.ts';

export const route = createRoute({
  method: 'post',
  path: '/api/v1/teams',
  tags: ['Team'],
  summary: 'Create a team (admins)',
  security: bearerOrSession,
  request: { body: jsonBody(createTeamRequest) },
  responses: { 201: jsonResponse(teamSchema, 'Created'), ...problems(400, 401, 403, 404, 415, 422) },
});

export const register: Register = (app, { useCases }) =>
  app.openapi(route, async (c) => {
    const team = await createTeam(useCases, actorOf(c), c.req.valid('json'));
    return c.json(presentTeam(team), 201);
  });

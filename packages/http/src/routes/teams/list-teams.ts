import { createRoute, z } from '@hono/zod-openapi';
import { listTeams } from '@sofortdesk/domain';
import { teamSchema } from '@sofortdesk/protocol';
import { actorOf } from '../../context.ts';
import { presentTeam } from '../../presenters.ts';
import { bearerOrSession, jsonResponse, problems, type Register } from '../support.ts';

export const route = createRoute({
  method: 'get',
  path: '/api/v1/teams',
  tags: ['Team'],
  summary: 'Teams of your account',
  security: bearerOrSession,
  responses: { 200: jsonResponse(z.object({ items: z.array(teamSchema) }), 'Teams'), ...problems(401, 403) },
});

export const register: Register = (app, { useCases }) =>
  app.openapi(route, async (c) => {
    const teams = await listTeams(useCases, actorOf(c));
    return c.json({ items: teams.map(presentTeam) }, 200);
  });

import { createRoute } from '@hono/zod-openapi';
import { getAssignmentOverview } from '@sofortdesk/domain';
import { assignmentOverviewSchema } from '@sofortdesk/protocol';
import { actorOf } from '../../context.ts';
import { presentAssignmentOverview } from '../../presenters.ts';
import { bearerOrSession, jsonResponse, problems, type Register } from '../support.ts';

export const route = createRoute({
  method: 'get',
  path: '/api/v1/settings/assignment',
  tags: ['Assignment'],
  summary: "Automatic assignment: every agent's presence, load, capacity and skills, every team's strategy",
  security: bearerOrSession,
  responses: { 200: jsonResponse(assignmentOverviewSchema, 'The overview'), ...problems(401, 403) },
});

export const register: Register = (app, { useCases }) =>
  app.openapi(route, async (c) =>
    c.json(presentAssignmentOverview(await getAssignmentOverview(useCases, actorOf(c))), 200),
  );

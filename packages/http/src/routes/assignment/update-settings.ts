import { createRoute } from '@hono/zod-openapi';
import { setDefaultAssignmentStrategy } from '@sofortdesk/domain';
import { assignmentOverviewSchema, updateAssignmentSettingsRequest } from '@sofortdesk/protocol';
import { actorOf } from '../../context.ts';
import { presentAssignmentOverview } from '../../presenters.ts';
import { bearerOrSession, jsonBody, jsonResponse, problems, type Register } from '../support.ts';

export const route = createRoute({
  method: 'put',
  path: '/api/v1/settings/assignment',
  tags: ['Assignment'],
  summary: 'The strategy for conversations without a team (admins)',
  security: bearerOrSession,
  'x-sofortdesk-roles': ['admin'],
  request: { body: jsonBody(updateAssignmentSettingsRequest) },
  responses: { 200: jsonResponse(assignmentOverviewSchema, 'Saved'), ...problems(400, 401, 403, 415, 422) },
});

export const register: Register = (app, { useCases }) =>
  app.openapi(route, async (c) => {
    const overview = await setDefaultAssignmentStrategy(useCases, actorOf(c), c.req.valid('json').strategy);
    return c.json(presentAssignmentOverview(overview), 200);
  });

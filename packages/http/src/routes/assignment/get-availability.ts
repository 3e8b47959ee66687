import { createRoute } from '@hono/zod-openapi';
import { getOwnAvailability } from '@sofortdesk/domain';
import { presenceSchema } from '@sofortdesk/protocol';
import { actorOf } from '../../context.ts';
import { bearerOrSession, jsonResponse, problems, type Register } from '../support.ts';

export const route = createRoute({
  method: 'get',
  path: '/api/v1/me/availability',
  tags: ['Assignment'],
  summary: 'Your availability for automatic assignment, and what counts of it now',
  security: bearerOrSession,
  responses: { 200: jsonResponse(presenceSchema, 'Your presence'), ...problems(401, 404) },
});

export const register: Register = (app, { useCases }) =>
  app.openapi(route, async (c) => c.json(await getOwnAvailability(useCases, actorOf(c)), 200));

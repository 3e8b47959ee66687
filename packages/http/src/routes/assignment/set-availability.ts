import { createRoute } from '@hono/zod-openapi';
import { setOwnAvailability } from '@sofortdesk/domain';
import { presenceSchema, setAvailabilityRequest } from '@sofortdesk/protocol';
import { actorOf } from '../../context.ts';
import { bearerOrSession, jsonBody, jsonResponse, problems, type Register } from '../support.ts';

export const route = createRoute({
  method: 'put',
  path: '/api/v1/me/availability',
  tags: ['Assignment'],
  summary: 'Say whether you take new conversations: online, away or offline',
  description:
    'Only "online" agents get conversations automatically, and only while a workspace of theirs is ' +
    'connected (its heartbeat; 90 s without one counts as offline). Setting "online" counts as a heartbeat.',
  security: bearerOrSession,
  request: { body: jsonBody(setAvailabilityRequest) },
  responses: { 200: jsonResponse(presenceSchema, 'Saved'), ...problems(400, 401, 404, 415, 422) },
});

export const register: Register = (app, { useCases }) =>
  app.openapi(route, async (c) =>
    c.json(await setOwnAvailability(useCases, actorOf(c), c.req.valid('json').availability), 200),
  );

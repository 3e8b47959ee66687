import { createRoute } from '@hono/zod-openapi';
import { setBusinessHours } from '@sofortdesk/domain';
import { inboxSchema, setBusinessHoursRequest } from '@sofortdesk/protocol';
import { actorOf } from '../../context.ts';
import { presentInbox } from '../../presenters.ts';
import { bearerOrSession, jsonBody, jsonResponse, problems, type Register } from '../support.ts';
import { inboxParams } from './params.ts';

export const route = createRoute({
  method: 'put',
  path: '/api/v1/inboxes/{inboxId}/business-hours',
  tags: ['Inboxes'],
  summary: "Set or remove an inbox's business hours (admins)",
  description:
    'Any channel. The widget of a web chat inbox then shows the typical reply time while open, and ' +
    'when the team is back while closed (in the inbox time zone, daylight saving included).',
  security: bearerOrSession,
  'x-sofortdesk-roles': ['admin'],
  request: { params: inboxParams, body: jsonBody(setBusinessHoursRequest) },
  responses: {
    200: jsonResponse(inboxSchema, 'The inbox with its business hours'),
    ...problems(400, 401, 403, 404, 415, 422),
  },
});

export const register: Register = (app, { useCases, publicUrl }) =>
  app.openapi(route, async (c) => {
    const inbox = await setBusinessHours(
      useCases,
      actorOf(c),
      c.req.valid('param').inboxId,
      c.req.valid('json').businessHours,
    );
    return c.json(presentInbox(inbox, publicUrl()), 200);
  });

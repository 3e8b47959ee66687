import { createRoute, z } from '@hono/zod-openapi';
import { listInboxes } from '@sofortdesk/domain';
import { inboxSchema } from '@sofortdesk/protocol';
import { actorOf } from '../../context.ts';
import { presentInbox } from '../../presenters.ts';
import { bearerOrSession, jsonResponse, problems, type Register } from '../support.ts';

export const route = createRoute({
  method: 'get',
  path: '/api/v1/inboxes',
  tags: ['Inboxes'],
  summary: 'The inboxes you work in (admins: all)',
  security: bearerOrSession,
  responses: {
    200: jsonResponse(z.object({ items: z.array(inboxSchema) }), 'Inboxes'),
    ...problems(401, 403),
  },
});

export const register: Register = (app, { useCases, publicUrl }) =>
  app.openapi(route, async (c) => {
    const inboxes = await listInboxes(useCases, actorOf(c));
    return c.json({ items: inboxes.map((inbox) => presentInbox(inbox, publicUrl())) }, 200);
  });

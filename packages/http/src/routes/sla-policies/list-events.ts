import { createRoute, z } from '@hono/zod-openapi';
import { listSlaEvents } from '@sofortdesk/domain';
import { idRef, slaEventSchema } from '@sofortdesk/protocol';
import { actorOf } from '../../context.ts';
import { presentSlaEvent } from '../../presenters.ts';
import { bearerOrSession, jsonResponse, problems, type Register } from '../support.ts';

export const route = createRoute({
  method: 'get',
  path: '/api/v1/sla-events',
  tags: ['SLA'],
  summary: 'SLA warnings and breaches, newest first (admins; for metrics and reports)',
  security: bearerOrSession,
  'x-sofortdesk-roles': ['admin'],
  request: {
    query: z.object({
      conversationId: idRef.optional(),
      since: z.iso
        .datetime()
        // Years both databases compare: PostgreSQL refuses year 0, and nothing was recorded before 1970.
        .refine(
          (value) => Date.parse(value) >= 0 && Date.parse(value) < Date.UTC(9999, 0, 1),
          'must be 1970 to 9998',
        )
        .optional()
        .meta({ description: 'Only those recorded at or after this time' }),
      limit: z.coerce.number().int().min(1).max(1000).default(200),
    }),
  },
  responses: {
    200: jsonResponse(z.object({ items: z.array(slaEventSchema) }), 'Warnings and breaches'),
    ...problems(401, 403, 422),
  },
});

export const register: Register = (app, { useCases }) =>
  app.openapi(route, async (c) => {
    const { conversationId, since, limit } = c.req.valid('query');
    const events = await listSlaEvents(useCases, actorOf(c), {
      limit,
      ...(conversationId && { conversationId }),
      ...(since && { since: new Date(since).toISOString() }),
    });
    return c.json({ items: events.map(presentSlaEvent) }, 200);
  });

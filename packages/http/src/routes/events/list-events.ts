import { createRoute, z } from '@hono/zod-openapi';
import { listEventsAfter } from '@sofortdesk/domain';
import { realtimeEventSchema } from '@sofortdesk/protocol';
import { actorOf } from '../../context.ts';
import { presentEvent } from '../../presenters.ts';
import { bearerOrSession, jsonResponse, problems, type Register } from '../support.ts';

export const route = createRoute({
  method: 'get',
  path: '/api/v1/events',
  tags: ['Realtime'],
  summary: 'Events after a cursor, the same as the realtime stream replays (for clients without WebSocket)',
  security: bearerOrSession,
  request: {
    query: z.object({
      after: z.coerce.number().int().min(0).default(0),
      limit: z.coerce.number().int().min(1).max(1000).default(200),
    }),
  },
  responses: {
    200: jsonResponse(
      z
        .object({ items: z.array(realtimeEventSchema), lastCursor: z.number().int() })
        .meta({ id: 'EventPage' }),
      'Events; continue with after=lastCursor',
    ),
    ...problems(401, 403, 422),
  },
});

export const register: Register = (app, { useCases }) =>
  app.openapi(route, async (c) => {
    const { after, limit } = c.req.valid('query');
    const { events, lastCursor } = await listEventsAfter(useCases, actorOf(c), after, limit);
    return c.json({ items: events.map(presentEvent), lastCursor }, 200);
  });

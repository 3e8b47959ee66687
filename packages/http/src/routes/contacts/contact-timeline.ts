import { createRoute } from '@hono/zod-openapi';
import { contactTimeline } from '@sofortdesk/domain';
import { messageSchema, pageOf, paginationQuery } from '@sofortdesk/protocol';
import { actorOf } from '../../context.ts';
import { presentMessage } from '../../presenters.ts';
import { bearerOrSession, jsonResponse, problems, type Register } from '../support.ts';
import { contactParams } from './params.ts';

export const route = createRoute({
  method: 'get',
  path: '/api/v1/contacts/{contactId}/timeline',
  tags: ['Contacts'],
  summary: "The contact's messages across all channels and conversations, oldest first",
  security: bearerOrSession,
  request: { params: contactParams, query: paginationQuery },
  responses: {
    200: jsonResponse(pageOf(messageSchema, 'TimelinePage'), 'A page'),
    ...problems(401, 403, 404, 422),
  },
});

export const register: Register = (app, { useCases }) =>
  app.openapi(route, async (c) => {
    const page = await contactTimeline(
      useCases,
      actorOf(c),
      c.req.valid('param').contactId,
      c.req.valid('query'),
    );
    return c.json({ items: page.items.map(presentMessage), nextCursor: page.nextCursor }, 200);
  });

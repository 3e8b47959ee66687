import { createRoute } from '@hono/zod-openapi';
import { listContacts } from '@sofortdesk/domain';
import { contactSchema, pageOf, paginationQuery, plainText } from '@sofortdesk/protocol';
import { actorOf } from '../../context.ts';
import { presentContact } from '../../presenters.ts';
import { bearerOrSession, jsonResponse, problems, type Register } from '../support.ts';

export const route = createRoute({
  method: 'get',
  path: '/api/v1/contacts',
  tags: ['Contacts'],
  summary: 'Contacts, newest first; q searches name, e-mail and phone',
  security: bearerOrSession,
  request: { query: paginationQuery.extend({ q: plainText(200).optional() }) },
  responses: {
    200: jsonResponse(pageOf(contactSchema, 'ContactPage'), 'A page'),
    ...problems(401, 403, 422),
  },
});

export const register: Register = (app, { useCases }) =>
  app.openapi(route, async (c) => {
    const { q, ...page } = c.req.valid('query');
    const result = await listContacts(useCases, actorOf(c), { ...page, query: q });
    return c.json({ items: result.items.map(presentContact), nextCursor: result.nextCursor }, 200);
  });

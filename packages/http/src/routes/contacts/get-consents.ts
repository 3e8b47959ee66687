import { createRoute } from '@hono/zod-openapi';
import { getContactConsents } from '@sofortdesk/domain';
import { contactConsentsSchema } from '@sofortdesk/protocol';
import { actorOf } from '../../context.ts';
import { presentContactConsents } from '../../presenters.ts';
import { bearerOrSession, jsonResponse, problems, type Register } from '../support.ts';
import { contactParams } from './params.ts';

export const route = createRoute({
  method: 'get',
  path: '/api/v1/contacts/{contactId}/consents',
  tags: ['Consents'],
  summary: "A contact's consents: the current state per purpose (the latest entry) and the whole history",
  security: bearerOrSession,
  'x-sofortdesk-roles': ['admin', 'agent'],
  request: { params: contactParams },
  responses: {
    200: jsonResponse(contactConsentsSchema, 'Current state and history'),
    ...problems(401, 403, 404),
  },
});

export const register: Register = (app, { useCases }) =>
  app.openapi(route, async (c) => {
    const consents = await getContactConsents(useCases, actorOf(c), c.req.valid('param').contactId);
    return c.json(presentContactConsents(consents), 200);
  });

import { createRoute } from '@hono/zod-openapi';
import { getContact } from '@sofortdesk/domain';
import { contactDetailSchema } from '@sofortdesk/protocol';
import { actorOf } from '../../context.ts';
import { presentContact, presentIdentity } from '../../presenters.ts';
import { bearerOrSession, jsonResponse, problems, type Register } from '../support.ts';
import { contactParams } from './params.ts';

export const route = createRoute({
  method: 'get',
  path: '/api/v1/contacts/{contactId}',
  tags: ['Contacts'],
  summary: 'One contact with the identities they are recognised by',
  security: bearerOrSession,
  request: { params: contactParams },
  responses: { 200: jsonResponse(contactDetailSchema, 'The contact'), ...problems(401, 403, 404) },
});

export const register: Register = (app, { useCases }) =>
  app.openapi(route, async (c) => {
    const { contact, identities } = await getContact(useCases, actorOf(c), c.req.valid('param').contactId);
    return c.json({ ...presentContact(contact), identities: identities.map(presentIdentity) }, 200);
  });

import { createRoute } from '@hono/zod-openapi';
import { mergeContacts } from '@sofortdesk/domain';
import { contactSchema, mergeContactsRequest } from '@sofortdesk/protocol';
import { actorOf } from '../../context.ts';
import { presentContact } from '../../presenters.ts';
import { bearerOrSession, jsonBody, jsonResponse, problems, type Register } from '../support.ts';
import { contactParams } from './params.ts';

export const route = createRoute({
  method: 'post',
  path: '/api/v1/contacts/{contactId}/merge',
  tags: ['Contacts'],
  summary: 'Merge another contact into this one: its conversations and identities move here',
  security: bearerOrSession,
  request: { params: contactParams, body: jsonBody(mergeContactsRequest) },
  responses: {
    200: jsonResponse(contactSchema, 'The merged contact'),
    ...problems(400, 401, 403, 404, 415, 422),
  },
});

export const register: Register = (app, { useCases }) =>
  app.openapi(route, async (c) => {
    const contact = await mergeContacts(
      useCases,
      actorOf(c),
      c.req.valid('param').contactId,
      c.req.valid('json').sourceContactId,
    );
    return c.json(presentContact(contact), 200);
  });

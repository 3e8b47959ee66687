import { createRoute } from '@hono/zod-openapi';
import { recordConsent } from '@sofortdesk/domain';
import { contactConsentsSchema, recordConsentRequest } from '@sofortdesk/protocol';
import { actorOf } from '../../context.ts';
import { presentContactConsents } from '../../presenters.ts';
import { bearerOrSession, jsonBody, jsonResponse, problems, type Register } from '../support.ts';
import { contactParams } from './params.ts';

export const route = createRoute({
  method: 'put',
  path: '/api/v1/contacts/{contactId}/consents',
  tags: ['Consents'],
  summary:
    "Record a contact's consent given or withdrawn for one purpose (appended to the ledger, with who recorded it)",
  description:
    "An agent (session) records it on the customer's behalf; an API token records it as the company's system. " +
    'The entry keeps the purpose version, the channel and the proof; it takes effect at once.',
  security: bearerOrSession,
  'x-sofortdesk-roles': ['admin', 'agent'],
  request: { params: contactParams, body: jsonBody(recordConsentRequest) },
  responses: {
    200: jsonResponse(contactConsentsSchema, 'The new state and history'),
    ...problems(400, 401, 403, 404, 415, 422),
  },
});

export const register: Register = (app, { useCases }) =>
  app.openapi(route, async (c) => {
    const consents = await recordConsent(
      useCases,
      actorOf(c),
      c.req.valid('param').contactId,
      c.req.valid('json'),
      c.get('authMethod') === 'session' ? 'session' : 'token',
    );
    return c.json(presentContactConsents(consents), 200);
  });

import { createRoute } from '@hono/zod-openapi';
import { requestErasure } from '@sofortdesk/domain';
import { erasureReceiptSchema } from '@sofortdesk/protocol';
import { actorOf } from '../../context.ts';
import { presentErasureReceipt } from '../../presenters.ts';
import { bearerOrSession, jsonResponse, problems, type Register } from '../support.ts';
import { contactParams } from './params.ts';

export const route = createRoute({
  method: 'post',
  path: '/api/v1/contacts/{contactId}/erasure',
  tags: ['Privacy'],
  summary: "Erase a contact's personal data (GDPR Art. 17): accepted, then done by a durable job",
  description:
    'Removes the contact, identities, consents, widget sessions, conversations with every message, files and ' +
    'raw mails, and learning data quoting its questions; API webhooks get `contact.erased` (ids only). ' +
    'The receipt (GET /api/v1/privacy/erasures/{receiptId}) keeps no personal data.',
  security: bearerOrSession,
  'x-sofortdesk-roles': ['admin'],
  request: { params: contactParams },
  responses: {
    202: jsonResponse(erasureReceiptSchema, 'The receipt; status pending until the job completes'),
    ...problems(401, 403, 404),
  },
});

export const register: Register = (app, { useCases }) =>
  app.openapi(route, async (c) => {
    const receipt = await requestErasure(useCases, actorOf(c), c.req.valid('param').contactId);
    return c.json(presentErasureReceipt(receipt), 202);
  });

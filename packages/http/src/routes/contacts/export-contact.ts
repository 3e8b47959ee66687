import { createRoute } from '@hono/zod-openapi';
import { exportContact } from '@sofortdesk/domain';
import { contactExportSchema } from '@sofortdesk/protocol';
import { actorOf } from '../../context.ts';
import { bearerOrSession, jsonResponse, problems, type Register } from '../support.ts';
import { contactParams } from './params.ts';

export const route = createRoute({
  method: 'post',
  path: '/api/v1/contacts/{contactId}/export',
  tags: ['Privacy'],
  summary:
    "A contact's data export (GDPR Art. 15 and 20): profile, identities, consents, conversations, files",
  description:
    'Machine-readable JSON with attachments inline (base64); without internal notes and without other ' +
    "people's data (no agents, no other contacts). Written to the audit log.",
  security: bearerOrSession,
  'x-sofortdesk-roles': ['admin', 'agent'],
  request: { params: contactParams },
  responses: {
    200: jsonResponse(contactExportSchema, 'The export document'),
    ...problems(401, 403, 404),
  },
});

export const register: Register = (app, { useCases, webchat }) =>
  app.openapi(route, async (c) => {
    const document = await exportContact(
      { ...useCases, blobs: webchat.blobs },
      actorOf(c),
      c.req.valid('param').contactId,
    );
    return c.json(document, 200);
  });

import { createRoute } from '@hono/zod-openapi';
import { createConsentPurpose } from '@sofortdesk/domain';
import { consentPurposeSchema, createConsentPurposeRequest } from '@sofortdesk/protocol';
import { actorOf } from '../../context.ts';
import { presentConsentPurposeWithVersions } from '../../presenters.ts';
import { bearerOrSession, jsonBody, jsonResponse, problems, type Register } from '../support.ts';

export const route = createRoute({
  method: 'post',
  path: '/api/v1/consent-purposes',
  tags: ['Consents'],
  summary: 'Create a consent purpose (admins); its texts are version 1',
  security: bearerOrSession,
  'x-sofortdesk-roles': ['admin'],
  request: { body: jsonBody(createConsentPurposeRequest) },
  responses: {
    201: jsonResponse(consentPurposeSchema, 'Created'),
    ...problems(400, 401, 403, 409, 415, 422),
  },
});

export const register: Register = (app, { useCases }) =>
  app.openapi(route, async (c) => {
    const purpose = await createConsentPurpose(useCases, actorOf(c), c.req.valid('json'));
    return c.json(presentConsentPurposeWithVersions(purpose), 201);
  });

import { createRoute } from '@hono/zod-openapi';
import { updateConsentPurpose } from '@sofortdesk/domain';
import { consentPurposeSchema, updateConsentPurposeRequest } from '@sofortdesk/protocol';
import { actorOf } from '../../context.ts';
import { presentConsentPurposeWithVersions } from '../../presenters.ts';
import { bearerOrSession, jsonBody, jsonResponse, problems, type Register } from '../support.ts';
import { purposeParams } from './params.ts';

export const route = createRoute({
  method: 'put',
  path: '/api/v1/consent-purposes/{purposeId}',
  tags: ['Consents'],
  summary: 'Change a consent purpose (admins): changed texts become a new version, the old ones stay',
  security: bearerOrSession,
  'x-sofortdesk-roles': ['admin'],
  request: { params: purposeParams, body: jsonBody(updateConsentPurposeRequest) },
  responses: {
    200: jsonResponse(consentPurposeSchema, 'Updated'),
    ...problems(400, 401, 403, 404, 409, 415, 422),
  },
});

export const register: Register = (app, { useCases }) =>
  app.openapi(route, async (c) => {
    const purpose = await updateConsentPurpose(
      useCases,
      actorOf(c),
      c.req.valid('param').purposeId,
      c.req.valid('json'),
    );
    return c.json(presentConsentPurposeWithVersions(purpose), 200);
  });

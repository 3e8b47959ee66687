import { createRoute, z } from '@hono/zod-openapi';
import { listConsentPurposes } from '@sofortdesk/domain';
import { consentPurposeSchema } from '@sofortdesk/protocol';
import { actorOf } from '../../context.ts';
import { presentConsentPurposeWithVersions } from '../../presenters.ts';
import { bearerOrSession, jsonResponse, problems, type Register } from '../support.ts';

export const route = createRoute({
  method: 'get',
  path: '/api/v1/consent-purposes',
  tags: ['Consents'],
  summary: 'The purposes your account asks its customers to consent to, with every version of their texts',
  security: bearerOrSession,
  'x-sofortdesk-roles': ['admin', 'agent'],
  responses: {
    200: jsonResponse(z.object({ items: z.array(consentPurposeSchema) }), 'Consent purposes, by key'),
    ...problems(401, 403),
  },
});

export const register: Register = (app, { useCases }) =>
  app.openapi(route, async (c) => {
    const purposes = await listConsentPurposes(useCases, actorOf(c));
    return c.json({ items: purposes.map(presentConsentPurposeWithVersions) }, 200);
  });

import { createRoute } from '@hono/zod-openapi';
import { updatePrivacySettings } from '@sofortdesk/domain';
import { privacySettingsSchema, updatePrivacySettingsRequest } from '@sofortdesk/protocol';
import { actorOf } from '../../context.ts';
import { bearerOrSession, jsonBody, jsonResponse, problems, type Register } from '../support.ts';

export const route = createRoute({
  method: 'put',
  path: '/api/v1/settings/privacy',
  tags: ['Privacy'],
  summary:
    'Change the privacy settings: erasure, per-case shares, retention (admins; name only what changes)',
  description:
    'erasureMessages delete (the default): conversations and every message go. anonymise: they stay for reports, with every ' +
    'text, file and mail emptied and the contact left without name, e-mail, phone and language. caseShareHours: the ' +
    'lifetime of a per-case share when the customer chooses none. retentionMonths: resolved conversations untouched ' +
    'for longer are removed by the daily run (retentionAction delete or anonymise); null keeps them.',
  security: bearerOrSession,
  'x-sofortdesk-roles': ['admin'],
  request: { body: jsonBody(updatePrivacySettingsRequest) },
  responses: {
    200: jsonResponse(privacySettingsSchema, 'Saved'),
    ...problems(400, 401, 403, 415, 422),
  },
});

export const register: Register = (app, { useCases }) =>
  app.openapi(route, async (c) =>
    c.json(await updatePrivacySettings(useCases, actorOf(c), c.req.valid('json')), 200),
  );

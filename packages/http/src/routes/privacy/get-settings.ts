import { createRoute } from '@hono/zod-openapi';
import { getPrivacySettings } from '@sofortdesk/domain';
import { privacySettingsSchema } from '@sofortdesk/protocol';
import { actorOf } from '../../context.ts';
import { bearerOrSession, jsonResponse, problems, type Register } from '../support.ts';

export const route = createRoute({
  method: 'get',
  path: '/api/v1/settings/privacy',
  tags: ['Privacy'],
  summary: 'The privacy settings: erasure, per-case shares, retention (admins)',
  security: bearerOrSession,
  'x-sofortdesk-roles': ['admin'],
  responses: {
    200: jsonResponse(privacySettingsSchema, 'The settings (defaults: delete, 24 h, keep for ever)'),
    ...problems(401, 403),
  },
});

export const register: Register = (app, { useCases }) =>
  app.openapi(route, async (c) => c.json(await getPrivacySettings(useCases, actorOf(c)), 200));

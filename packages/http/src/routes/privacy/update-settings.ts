import { createRoute } from '@hono/zod-openapi';
import { updatePrivacySettings } from '@sofortdesk/domain';
import { privacySettingsSchema } from '@sofortdesk/protocol';
import { actorOf } from '../../context.ts';
import { bearerOrSession, jsonBody, jsonResponse, problems, type Register } from '../support.ts';

export const route = createRoute({
  method: 'put',
  path: '/api/v1/settings/privacy',
  tags: ['Privacy'],
  summary: "Choose what an erasure does with the contact's conversations: delete or anonymise (admins)",
  description:
    'delete (the default): conversations and every message go. anonymise: they stay for reports, with every ' +
    'text, file and mail emptied and the contact left without name, e-mail, phone and language.',
  security: bearerOrSession,
  'x-sofortdesk-roles': ['admin'],
  request: { body: jsonBody(privacySettingsSchema) },
  responses: {
    200: jsonResponse(privacySettingsSchema, 'Saved'),
    ...problems(400, 401, 403, 415, 422),
  },
});

export const register: Register = (app, { useCases }) =>
  app.openapi(route, async (c) =>
    c.json(await updatePrivacySettings(useCases, actorOf(c), c.req.valid('json')), 200),
  );

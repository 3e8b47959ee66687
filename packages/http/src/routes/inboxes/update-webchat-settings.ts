import { createRoute } from '@hono/zod-openapi';
import { updateWebchatSettings } from '@sofortdesk/domain';
import { updateWebchatSettingsRequest, webchatSettingsDetailSchema } from '@sofortdesk/protocol';
import { actorOf } from '../../context.ts';
import { embedSnippet, presentWebchatSettings } from '../../presenters.ts';
import { bearerOrSession, jsonBody, jsonResponse, problems, type Register } from '../support.ts';
import { webchatInboxParams } from './webchat-params.ts';

export const route = createRoute({
  method: 'patch',
  path: '/api/v1/inboxes/{webchatInboxId}/webchat',
  tags: ['Widget'],
  summary: "Change a web chat inbox's widget settings (admins)",
  description:
    'Allowed origins take effect within a few seconds (the CORS check caches them briefly). ' +
    'proactiveRules replaces the whole list (at most 20); the widget gets the enabled ones.',
  security: bearerOrSession,
  'x-sofortdesk-roles': ['admin'],
  request: { params: webchatInboxParams, body: jsonBody(updateWebchatSettingsRequest) },
  responses: {
    200: jsonResponse(webchatSettingsDetailSchema, 'The settings now'),
    ...problems(400, 401, 403, 404, 415, 422),
  },
});

export const register: Register = (app, { useCases, publicUrl }) =>
  app.openapi(route, async (c) => {
    const view = await updateWebchatSettings(
      useCases,
      actorOf(c),
      c.req.valid('param').webchatInboxId,
      c.req.valid('json'),
    );
    return c.json(
      {
        inboxId: view.inbox.id,
        ...presentWebchatSettings(view.settings),
        embedSnippet: embedSnippet(publicUrl(), view.inbox.id),
        secrets: view.secrets,
      },
      200,
    );
  });

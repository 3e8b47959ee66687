import { createRoute } from '@hono/zod-openapi';
import { getWebchatSettings } from '@sofortdesk/domain';
import { webchatSettingsDetailSchema } from '@sofortdesk/protocol';
import { actorOf } from '../../context.ts';
import { embedSnippet, presentWebchatSettings } from '../../presenters.ts';
import { bearerOrSession, jsonResponse, problems, type Register } from '../support.ts';
import { webchatInboxParams } from './webchat-params.ts';

export const route = createRoute({
  method: 'get',
  path: '/api/v1/inboxes/{webchatInboxId}/webchat',
  tags: ['Widget'],
  summary: "A web chat inbox's widget settings, embed snippet and identity secrets (ids only)",
  security: bearerOrSession,
  request: { params: webchatInboxParams },
  responses: { 200: jsonResponse(webchatSettingsDetailSchema, 'The settings'), ...problems(401, 403, 404) },
});

export const register: Register = (app, { useCases, publicUrl }) =>
  app.openapi(route, async (c) => {
    const view = await getWebchatSettings(useCases, actorOf(c), c.req.valid('param').webchatInboxId);
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

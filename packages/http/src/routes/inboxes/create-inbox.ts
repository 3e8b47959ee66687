import { createRoute } from '@hono/zod-openapi';
import { createInbox } from '@sofortdesk/domain';
import { createInboxRequest, createdInboxSchema } from '@sofortdesk/protocol';
import { actorOf } from '../../context.ts';
import { presentInbox } from '../../presenters.ts';
import { bearerOrSession, jsonBody, jsonResponse, problems, type Register } from '../support.ts';

export const route = createRoute({
  method: 'post',
  path: '/api/v1/inboxes',
  tags: ['Inboxes'],
  summary: 'Create an inbox (admins)',
  description:
    'Channel api: your app or phone system posts messages, replies go to webhookUrl. Channel webchat: ' +
    'the widget on your site; the answer holds the embed snippet and the identity secret (once).',
  security: bearerOrSession,
  request: { body: jsonBody(createInboxRequest) },
  responses: { 201: jsonResponse(createdInboxSchema, 'Created'), ...problems(400, 401, 403, 404, 415, 422) },
});

export const register: Register = (app, { useCases, publicUrl }) =>
  app.openapi(route, async (c) => {
    const body = c.req.valid('json');
    const input =
      body.channel === 'api'
        ? body
        : {
            name: body.name,
            channel: body.channel,
            language: body.language,
            agentIds: body.agentIds,
            webhookUrl: null,
            webchat: {
              allowedOrigins: [...new Set(body.allowedOrigins)],
              greeting: { de: body.greeting.de ?? null, en: body.greeting.en ?? null },
              preChatForm: body.preChatForm,
              proactiveRules: [],
            },
          };
    const { inbox, webhookSecret, identitySecret } = await createInbox(useCases, actorOf(c), input);
    return c.json({ ...presentInbox(inbox, publicUrl()), webhookSecret, identitySecret }, 201);
  });

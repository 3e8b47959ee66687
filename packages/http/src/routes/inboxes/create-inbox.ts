import { createRoute } from '@hono/zod-openapi';
import { createEmailInbox, createInbox } from '@sofortdesk/domain';
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
    'the widget on your site; the answer holds the embed snippet and the identity secret (once). ' +
    'Channel email: mail to `address` (over SMTP, or fetched by IMAP); the IMAP password is stored ' +
    'encrypted and never shown again. An address already used by an inbox is a 409.',
  security: bearerOrSession,
  request: { body: jsonBody(createInboxRequest) },
  responses: {
    201: jsonResponse(createdInboxSchema, 'Created'),
    ...problems(400, 401, 403, 404, 409, 415, 422),
  },
});

export const register: Register = (app, { useCases, publicUrl, secrets }) =>
  app.openapi(route, async (c) => {
    const body = c.req.valid('json');
    if (body.channel === 'email') {
      const inbox = await createEmailInbox({ ...useCases, secrets }, actorOf(c), {
        name: body.name,
        language: body.language,
        agentIds: body.agentIds,
        address: body.address,
        senderName: body.senderName,
        signature: { de: body.signature.de ?? null, en: body.signature.en ?? null },
        imap: body.imap,
      });
      return c.json({ ...presentInbox(inbox, publicUrl()), webhookSecret: null, identitySecret: null }, 201);
    }
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

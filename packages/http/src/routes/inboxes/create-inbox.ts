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
  security: bearerOrSession,
  request: { body: jsonBody(createInboxRequest) },
  responses: { 201: jsonResponse(createdInboxSchema, 'Created'), ...problems(400, 401, 403, 404, 415, 422) },
});

export const register: Register = (app, { useCases }) =>
  app.openapi(route, async (c) => {
    const { inbox, webhookSecret } = await createInbox(useCases, actorOf(c), c.req.valid('json'));
    return c.json({ ...presentInbox(inbox), webhookSecret }, 201);
  });

import { createRoute } from '@hono/zod-openapi';
import { inboxAvailability, startVisitorSession } from '@sofortdesk/domain';
import { startVisitorSessionRequest, visitorSessionSchema } from '@sofortdesk/protocol';
import { presentWidgetInbox } from '../../presenters.ts';
import { jsonBody, jsonResponse, noAuth, problems, type Register } from '../support.ts';
import { webchatInboxParams } from './support.ts';

export const route = createRoute({
  method: 'post',
  path: '/api/v1/widget/{webchatInboxId}/sessions',
  tags: ['Widget'],
  summary: "Start or resume a visitor's chat session (public)",
  description:
    'Without identity: resumes the session of `token` (200) if it is still valid for this inbox, else ' +
    "starts an anonymous one (201). With identity (a JWT your backend signed with one of the inbox's " +
    'identity secrets; sub = your customer id, aud = this inbox id, exp required, email and name ' +
    'optional): a new session bound to that verified customer (201), who then sees their history of ' +
    'every channel; what this browser wrote anonymously before moves to them. A refused identity ' +
    'answers 401. Create sessions lazily (when the visitor opens the chat): each new one is a contact.',
  security: noAuth,
  request: { params: webchatInboxParams, body: jsonBody(startVisitorSessionRequest) },
  responses: {
    201: jsonResponse(visitorSessionSchema, 'A new session; keep its token'),
    200: jsonResponse(visitorSessionSchema, 'The session of the token, resumed'),
    ...problems(400, 401, 403, 404, 413, 415, 422),
  },
});

export const register: Register = (app, { webchat }) =>
  app.openapi(route, async (c) => {
    const result = await startVisitorSession(webchat, {
      inboxId: c.req.valid('param').webchatInboxId,
      ...c.req.valid('json'),
    });
    const body = {
      token: result.token,
      sessionId: result.session.id,
      verified: result.session.verified,
      expiresAt: result.session.expiresAt,
      contact: { name: result.contact.name, email: result.contact.email },
      widget: presentWidgetInbox(result.inbox, inboxAvailability(webchat, result.inbox)),
    };
    return result.created ? c.json(body, 201) : c.json(body, 200);
  });

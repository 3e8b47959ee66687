import { createRoute } from '@hono/zod-openapi';
import { ingestInboundMessage } from '@sofortdesk/domain';
import { inboundMessageRequest, inboundMessageResponse } from '@sofortdesk/protocol';
import { actorOf } from '../../context.ts';
import { bearerOrSession, jsonBody, jsonResponse, problems, type Register } from '../support.ts';
import { inboxParams } from './params.ts';

export const route = createRoute({
  method: 'post',
  path: '/api/v1/inboxes/{inboxId}/messages',
  tags: ['API channel'],
  summary: "A customer's message from your app or phone system",
  description:
    "Creates or continues the contact's open conversation. Answers 201 once it is committed; the same " +
    'externalId again answers 200 with the same ids and creates nothing, so retrying is always safe.',
  security: bearerOrSession,
  request: { params: inboxParams, body: jsonBody(inboundMessageRequest) },
  responses: {
    201: jsonResponse(inboundMessageResponse, 'Stored'),
    200: jsonResponse(inboundMessageResponse, 'Seen before; nothing created'),
    ...problems(400, 401, 403, 404, 413, 415, 422),
  },
});

export const register: Register = (app, { useCases, metrics }) =>
  app.openapi(route, async (c) => {
    const result = await ingestInboundMessage(useCases, actorOf(c), {
      inboxId: c.req.valid('param').inboxId,
      ...c.req.valid('json'),
    });
    const body = {
      messageId: result.messageId,
      conversationId: result.conversationId,
      contactId: result.contactId,
    };
    if (!result.created) return c.json(body, 200);
    metrics.messagesIngested.inc();
    return c.json(body, 201);
  });

import { createRoute } from '@hono/zod-openapi';
import { postVisitorMessage } from '@sofortdesk/domain';
import { postVisitorMessageRequest, visitorMessageSchema } from '@sofortdesk/protocol';
import { presentVisitorMessage } from '../../presenters.ts';
import { jsonBody, jsonResponse, problems, visitorToken, type Register } from '../support.ts';
import { visitorOf, webchatInboxParams } from './support.ts';

export const route = createRoute({
  method: 'post',
  path: '/api/v1/widget/{webchatInboxId}/messages',
  tags: ['Widget'],
  summary: 'The visitor writes; continues their open conversation or starts one',
  description:
    'id is made by the widget: the same id again answers 200 with the first message and creates ' +
    'nothing, so retrying after a timeout is always safe.',
  security: visitorToken,
  request: { params: webchatInboxParams, body: jsonBody(postVisitorMessageRequest) },
  responses: {
    201: jsonResponse(visitorMessageSchema, 'Stored'),
    200: jsonResponse(visitorMessageSchema, 'Seen before; nothing created'),
    ...problems(400, 401, 403, 404, 413, 415, 422),
  },
});

export const register: Register = (app, { webchat, metrics }) =>
  app.openapi(route, async (c) => {
    const visitor = await visitorOf(c, webchat, c.req.valid('param').webchatInboxId);
    const body = c.req.valid('json');
    const { created, message } = await postVisitorMessage(webchat, visitor, {
      clientMessageId: body.id,
      text: body.text,
      attachmentKeys: body.attachments,
    });
    const presented = presentVisitorMessage(message, visitor);
    if (!created) return c.json(presented, 200);
    metrics.messagesIngested.inc();
    return c.json(presented, 201);
  });

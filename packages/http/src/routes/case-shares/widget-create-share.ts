import { createRoute } from '@hono/zod-openapi';
import { shareFromWidget } from '@sofortdesk/domain';
import { caseShareSchema, createCaseShareRequest } from '@sofortdesk/protocol';
import { presentCaseShare } from '../../presenters.ts';
import { jsonBody, jsonResponse, problems, visitorToken, type Register } from '../support.ts';
import { visitorOf } from '../widget/support.ts';
import { widgetConversationParams } from './params.ts';

export const route = createRoute({
  method: 'post',
  path: '/api/v1/widget/{webchatInboxId}/conversations/{visitorConversationId}/shares',
  tags: ['Widget'],
  summary: 'The visitor shares one data item for this conversation only',
  description:
    'A location (from the browser), an order or contract number, a photo (the key of an image uploaded ' +
    'through /attachments: the file is then served only to agents of this conversation) or device data. ' +
    "It ends when the conversation resolves or its time runs out (duration, else the account's default), " +
    "and is then deleted. The account's per-case consent purpose for the kind is recorded with it.",
  security: visitorToken,
  request: { params: widgetConversationParams, body: jsonBody(createCaseShareRequest) },
  responses: {
    201: jsonResponse(caseShareSchema, 'Shared'),
    ...problems(400, 401, 403, 404, 409, 415, 422),
  },
});

export const register: Register = (app, { webchat }) =>
  app.openapi(route, async (c) => {
    const params = c.req.valid('param');
    const visitor = await visitorOf(c, webchat, params.webchatInboxId);
    const share = await shareFromWidget(webchat, visitor, params.visitorConversationId, c.req.valid('json'));
    return c.json(presentCaseShare(share), 201);
  });

import { createRoute } from '@hono/zod-openapi';
import { shareFromApp } from '@sofortdesk/domain';
import { caseShareSchema, createCaseShareRequest } from '@sofortdesk/protocol';
import { actorOf } from '../../context.ts';
import { presentCaseShare } from '../../presenters.ts';
import { conversationParams } from '../conversations/params.ts';
import { bearerOrSession, jsonBody, jsonResponse, problems, type Register } from '../support.ts';

export const route = createRoute({
  method: 'post',
  path: '/api/v1/conversations/{conversationId}/shares',
  tags: ['Case shares'],
  summary: "The company's app shares a data item for this conversation on its customer's behalf (API token)",
  description:
    "For the app channel: the conversation's contact shares a location, order or contract number, photo " +
    '(the key of an image this API user uploaded to the conversation) or device data, for this case only. ' +
    'Only an API token may (an agent in the workspace is not the customer).',
  security: bearerOrSession,
  'x-sofortdesk-roles': ['admin', 'agent'],
  request: { params: conversationParams, body: jsonBody(createCaseShareRequest) },
  responses: {
    201: jsonResponse(caseShareSchema, 'Shared'),
    ...problems(400, 401, 403, 404, 409, 415, 422),
  },
});

export const register: Register = (app, { webchat }) =>
  app.openapi(route, async (c) => {
    const share = await shareFromApp(
      webchat,
      actorOf(c),
      c.get('authMethod') === 'session' ? 'session' : 'token',
      c.req.valid('param').conversationId,
      c.req.valid('json'),
    );
    return c.json(presentCaseShare(share), 201);
  });

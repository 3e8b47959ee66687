import { createRoute } from '@hono/zod-openapi';
import { revokeVisitorCaseShare } from '@sofortdesk/domain';
import { caseShareSchema } from '@sofortdesk/protocol';
import { presentCaseShare } from '../../presenters.ts';
import { jsonResponse, problems, visitorToken, type Register } from '../support.ts';
import { visitorOf } from '../widget/support.ts';
import { widgetShareParams } from './params.ts';

export const route = createRoute({
  method: 'post',
  path: '/api/v1/widget/{webchatInboxId}/conversations/{visitorConversationId}/shares/{shareId}/revoke',
  tags: ['Widget'],
  summary: 'The visitor takes a shared item back: it ends at once, value and file deleted',
  security: visitorToken,
  request: { params: widgetShareParams },
  responses: {
    200: jsonResponse(caseShareSchema, 'Ended (or ended already)'),
    ...problems(401, 403, 404, 422),
  },
});

export const register: Register = (app, { webchat }) =>
  app.openapi(route, async (c) => {
    const params = c.req.valid('param');
    const visitor = await visitorOf(c, webchat, params.webchatInboxId);
    const share = await revokeVisitorCaseShare(
      webchat,
      visitor,
      params.visitorConversationId,
      params.shareId,
    );
    return c.json(presentCaseShare(share), 200);
  });

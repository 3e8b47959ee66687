import { createRoute } from '@hono/zod-openapi';
import { listVisitorCaseShares } from '@sofortdesk/domain';
import { caseShareListSchema } from '@sofortdesk/protocol';
import { presentCaseShare } from '../../presenters.ts';
import { jsonResponse, problems, visitorToken, type Register } from '../support.ts';
import { visitorOf } from '../widget/support.ts';
import { widgetConversationParams } from './params.ts';

export const route = createRoute({
  method: 'get',
  path: '/api/v1/widget/{webchatInboxId}/conversations/{visitorConversationId}/shares',
  tags: ['Widget'],
  summary: "The visitor's shared items in this conversation (status and expiry, no values)",
  security: visitorToken,
  request: { params: widgetConversationParams },
  responses: {
    200: jsonResponse(caseShareListSchema, 'Newest first'),
    ...problems(401, 403, 404, 422),
  },
});

export const register: Register = (app, { useCases }) =>
  app.openapi(route, async (c) => {
    const params = c.req.valid('param');
    const visitor = await visitorOf(c, useCases, params.webchatInboxId);
    const shares = await listVisitorCaseShares(useCases, visitor, params.visitorConversationId);
    return c.json({ items: shares.map((s) => presentCaseShare(s)) }, 200);
  });

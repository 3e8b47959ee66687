import { createRoute } from '@hono/zod-openapi';
import { viewCaseShare } from '@sofortdesk/domain';
import { caseShareViewSchema } from '@sofortdesk/protocol';
import { actorOf } from '../../context.ts';
import { presentCaseShare } from '../../presenters.ts';
import { bearerOrSession, jsonResponse, problems, type Register } from '../support.ts';
import { shareParams } from './params.ts';

export const route = createRoute({
  method: 'post',
  path: '/api/v1/conversations/{conversationId}/shares/{shareId}/view',
  tags: ['Case shares'],
  summary: "Look at a shared item's value (logged: who, when, which item)",
  description:
    "Every request is written to the share's access log (the customer sees it) and the audit log, without " +
    'the value. After the item ended (resolved, expired, taken back) the attempt is refused with 404 and ' +
    'logged as refused.',
  security: bearerOrSession,
  'x-sofortdesk-roles': ['admin', 'agent'],
  request: { params: shareParams },
  responses: {
    200: jsonResponse(caseShareViewSchema, 'The value'),
    ...problems(401, 403, 404, 422),
  },
});

export const register: Register = (app, { webchat }) =>
  app.openapi(route, async (c) => {
    const { conversationId, shareId } = c.req.valid('param');
    const viewed = await viewCaseShare(webchat, actorOf(c), conversationId, shareId);
    return c.json({ share: presentCaseShare(viewed.share), value: viewed.value }, 200);
  });

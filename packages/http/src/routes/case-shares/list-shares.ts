import { createRoute } from '@hono/zod-openapi';
import { listConversationCaseShares } from '@sofortdesk/domain';
import { caseShareListSchema } from '@sofortdesk/protocol';
import { actorOf } from '../../context.ts';
import { presentCaseShare } from '../../presenters.ts';
import { conversationParams } from '../conversations/params.ts';
import { bearerOrSession, jsonResponse, problems, type Register } from '../support.ts';

export const route = createRoute({
  method: 'get',
  path: '/api/v1/conversations/{conversationId}/shares',
  tags: ['Case shares'],
  summary:
    'The items the customer shared for this conversation: kind, times, status, access log; never a value',
  security: bearerOrSession,
  'x-sofortdesk-roles': ['admin', 'agent'],
  request: { params: conversationParams },
  responses: {
    200: jsonResponse(caseShareListSchema, 'Newest first'),
    ...problems(401, 403, 404, 422),
  },
});

export const register: Register = (app, { useCases }) =>
  app.openapi(route, async (c) => {
    const shares = await listConversationCaseShares(
      useCases,
      actorOf(c),
      c.req.valid('param').conversationId,
    );
    return c.json({ items: shares.map((s) => presentCaseShare(s)) }, 200);
  });

import { createRoute, z } from '@hono/zod-openapi';
import { listConversationMessages } from '@sofortdesk/domain';
import { messageSchema, pageOf, paginationQuery } from '@sofortdesk/protocol';
import { actorOf } from '../../context.ts';
import { presentMessage } from '../../presenters.ts';
import { bearerOrSession, jsonResponse, problems, type Register } from '../support.ts';
import { conversationParams } from './params.ts';

const query = paginationQuery.extend({
  order: z
    .enum(['oldest', 'newest'])
    .default('oldest')
    .meta({
      description:
        'oldest: from the first message on (nextCursor pages to newer ones). newest: from the last ' +
        'message backwards (nextCursor pages to older ones), for a timeline opened at its bottom.',
    }),
});

export const route = createRoute({
  method: 'get',
  path: '/api/v1/conversations/{conversationId}/messages',
  tags: ['Conversations'],
  summary: 'Messages and internal notes, oldest first (or newest first with order=newest)',
  security: bearerOrSession,
  request: { params: conversationParams, query },
  responses: {
    200: jsonResponse(pageOf(messageSchema, 'MessagePage'), 'A page'),
    ...problems(401, 403, 404, 422),
  },
});

export const register: Register = (app, { useCases }) =>
  app.openapi(route, async (c) => {
    const page = await listConversationMessages(
      useCases,
      actorOf(c),
      c.req.valid('param').conversationId,
      c.req.valid('query'),
    );
    return c.json({ items: page.items.map(presentMessage), nextCursor: page.nextCursor }, 200);
  });

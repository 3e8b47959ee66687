import { createRoute } from '@hono/zod-openapi';
import { listConversations } from '@sofortdesk/domain';
import {
  conversationSchema,
  conversationStatusSchema,
  idRef,
  pageOf,
  paginationQuery,
} from '@sofortdesk/protocol';
import { actorOf } from '../../context.ts';
import { presentConversation } from '../../presenters.ts';
import { bearerOrSession, jsonResponse, problems, type Register } from '../support.ts';

const query = paginationQuery.extend({
  status: conversationStatusSchema.optional(),
  inboxId: idRef.optional(),
  teamId: idRef.optional(),
  contactId: idRef.optional(),
  assigneeId: idRef.optional().meta({ description: 'An agent id, or "none" for unassigned' }),
});

export const route = createRoute({
  method: 'get',
  path: '/api/v1/conversations',
  tags: ['Conversations'],
  summary: 'Conversations you can see, most recent first',
  security: bearerOrSession,
  request: { query },
  responses: {
    200: jsonResponse(pageOf(conversationSchema, 'ConversationPage'), 'A page'),
    ...problems(401, 403, 422),
  },
});

export const register: Register = (app, { useCases }) =>
  app.openapi(route, async (c) => {
    const { assigneeId, ...filter } = c.req.valid('query');
    const page = await listConversations(useCases, actorOf(c), {
      ...filter,
      ...(assigneeId !== undefined && { assigneeId: assigneeId === 'none' ? null : assigneeId }),
    });
    return c.json({ items: page.items.map(presentConversation), nextCursor: page.nextCursor }, 200);
  });

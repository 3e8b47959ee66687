import { createRoute, z } from '@hono/zod-openapi';
import { CONVERSATION_SORTS, listConversations } from '@sofortdesk/domain';
import {
  conversationSchema,
  conversationStatusSchema,
  idRef,
  languageSchema,
  pageOf,
  paginationQuery,
  prioritySchema,
  shortText,
} from '@sofortdesk/protocol';
import { actorOf } from '../../context.ts';
import { presentConversation } from '../../presenters.ts';
import { bearerOrSession, jsonResponse, problems, type Register } from '../support.ts';

/** Every filter narrows the list; given together, a conversation must match all of them. */
const query = paginationQuery.extend({
  status: conversationStatusSchema.optional(),
  inboxId: idRef.optional(),
  channel: z
    .enum(['api', 'webchat', 'email'])
    .optional()
    .meta({ description: "The channel of the conversation's inbox" }),
  teamId: idRef.optional(),
  contactId: idRef.optional(),
  assigneeId: idRef.optional().meta({ description: 'An agent id, or "none" for unassigned' }),
  // Labels are stored trimmed and lower-case (see updateConversation): compare them the same way.
  label: shortText(50)
    .transform((label) => label.toLowerCase())
    .optional()
    .meta({ description: 'Conversations carrying this label (case-insensitive)' }),
  language: languageSchema.optional(),
  priority: prioritySchema.optional(),
  sort: z.enum(CONVERSATION_SORTS).default('waiting').meta({
    description:
      'waiting (default): conversations whose customer waits for an answer first, the longest-waiting on top, then the rest by last activity; recent: by last activity, newest first. A cursor belongs to its sort.',
  }),
});

export const route = createRoute({
  method: 'get',
  path: '/api/v1/conversations',
  tags: ['Conversations'],
  summary: 'Conversations you can see, the longest-waiting first',
  description:
    'Keyset pagination: pass nextCursor back (with the same filters and sort) for the next page. Pages stay stable while conversations are added.',
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

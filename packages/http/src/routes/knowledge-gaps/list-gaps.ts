import { createRoute } from '@hono/zod-openapi';
import { listKnowledgeGaps } from '@sofortdesk/domain';
import { knowledgeGapListSchema, knowledgeGapQuery } from '@sofortdesk/protocol';
import { actorOf } from '../../context.ts';
import { TAG } from '../knowledge/params.ts';
import { bearerOrSession, jsonResponse, problems, type Register } from '../support.ts';

export const route = createRoute({
  method: 'get',
  path: '/api/v1/knowledge/gaps',
  tags: [TAG],
  summary: 'Knowledge gaps: recurring customer questions without a confident answer',
  description:
    "Groups (of at least 2) of customers' first questions in conversations of the last `days` days that the " +
    'knowledge base would not answer on its own and that no confirmed automatic answer closed; largest first. ' +
    'Admins and agents (agents: their inboxes); partners 403.',
  security: bearerOrSession,
  request: { query: knowledgeGapQuery },
  responses: {
    200: jsonResponse(knowledgeGapListSchema, 'Knowledge gaps'),
    ...problems(401, 403, 422),
  },
});

export const register: Register = (app, { useCases, knowledgeGaps }) =>
  app.openapi(route, async (c) => {
    const { days } = c.req.valid('query');
    const items = await listKnowledgeGaps({ ...useCases, ...knowledgeGaps }, actorOf(c), { days });
    return c.json({ items }, 200);
  });

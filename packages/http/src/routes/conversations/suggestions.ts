import { createRoute } from '@hono/zod-openapi';
import { suggestionsForConversation } from '@sofortdesk/domain';
import { conversationSuggestionsSchema } from '@sofortdesk/protocol';
import { actorOf } from '../../context.ts';
import { bearerOrSession, jsonResponse, problems, type Register } from '../support.ts';
import { conversationParams } from './params.ts';

export const route = createRoute({
  method: 'get',
  path: '/api/v1/conversations/{conversationId}/suggestions',
  tags: ['Conversations'],
  summary: "Knowledge articles that may answer the customer's newest message (top 3, with probabilities)",
  description:
    'Public and internal articles, in any language, for the latest inbound text; decision is what the ' +
    'engine would do for a customer (answer / suggest / abstain) and reason says why.',
  security: bearerOrSession,
  request: { params: conversationParams },
  responses: { 200: jsonResponse(conversationSuggestionsSchema, 'Suggestions'), ...problems(401, 403, 404) },
});

export const register: Register = (app, { useCases, answering, helpArticleUrl }) =>
  app.openapi(route, async (c) => {
    const actor = actorOf(c);
    const found = await suggestionsForConversation(
      { ...useCases, answering },
      actor,
      c.req.valid('param').conversationId,
    );
    return c.json(
      {
        messageId: found.messageId,
        question: found.question,
        decision: found.assessment.decision,
        reason: found.assessment.reason,
        suggestions: found.assessment.suggestions.map((s) => ({
          ...s,
          url: s.visibility === 'public' ? helpArticleUrl(actor.accountId, s.language, s.articleId) : null,
        })),
      },
      200,
    );
  });

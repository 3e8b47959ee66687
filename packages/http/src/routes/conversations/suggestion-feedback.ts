import { createRoute } from '@hono/zod-openapi';
import { recordSuggestionFeedback } from '@sofortdesk/domain';
import { suggestionFeedbackRequest } from '@sofortdesk/protocol';
import { actorOf } from '../../context.ts';
import { bearerOrSession, jsonBody, problems, type Register } from '../support.ts';
import { conversationParams } from './params.ts';

export const route = createRoute({
  method: 'post',
  path: '/api/v1/conversations/{conversationId}/suggestions/feedback',
  tags: ['Conversations'],
  summary:
    'Tell the knowledge base whether a suggested article was used (accepted, edited) or not (rejected)',
  description:
    'Stored as a labelled training pair (the customer message and the article) for the engine to learn from.',
  security: bearerOrSession,
  request: { params: conversationParams, body: jsonBody(suggestionFeedbackRequest) },
  responses: { 204: { description: 'Recorded' }, ...problems(400, 401, 403, 404, 415, 422) },
});

export const register: Register = (app, { useCases }) =>
  app.openapi(route, async (c) => {
    await recordSuggestionFeedback(
      useCases,
      actorOf(c),
      c.req.valid('param').conversationId,
      c.req.valid('json'),
    );
    return c.body(null, 204);
  });

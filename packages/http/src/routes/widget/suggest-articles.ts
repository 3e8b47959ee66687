import { createRoute } from '@hono/zod-openapi';
import { suggestArticlesForVisitor } from '@sofortdesk/domain';
import { articleSuggestionsQuery, articleSuggestionsSchema } from '@sofortdesk/protocol';
import { jsonResponse, noAuth, problems, type Register } from '../support.ts';
import { webchatInboxParams } from './support.ts';

export const route = createRoute({
  method: 'get',
  path: '/api/v1/widget/{webchatInboxId}/suggestions',
  tags: ['Widget'],
  summary: 'Help-centre articles that may answer what the visitor is typing (public)',
  description:
    "At most three public articles of the inbox's account, found in any language and shown in the visitor's " +
    'where a translation exists; none for fewer than three characters.',
  security: noAuth,
  request: { params: webchatInboxParams, query: articleSuggestionsQuery },
  responses: { 200: jsonResponse(articleSuggestionsSchema, 'Suggestions'), ...problems(404, 422) },
});

export const register: Register = (app, { useCases, articles, helpArticleUrl }) =>
  app.openapi(route, async (c) => {
    const { q, language } = c.req.valid('query');
    const found = await suggestArticlesForVisitor(
      { ...useCases, articles },
      c.req.valid('param').webchatInboxId,
      {
        query: q,
        language,
      },
    );
    return c.json(
      {
        items: found.map((article) => ({
          id: article.id,
          title: article.title,
          language: article.language,
          url: helpArticleUrl(article.accountId, article.language, article.id),
        })),
      },
      200,
    );
  });

import { createRoute } from '@hono/zod-openapi';
import { getArticle } from '@sofortdesk/domain';
import { articleDetailSchema } from '@sofortdesk/protocol';
import { actorOf } from '../../context.ts';
import { bearerOrSession, jsonResponse, problems, type Register } from '../support.ts';
import { articleParams, TAG } from './params.ts';
import { presentArticleDetail } from './present.ts';

export const route = createRoute({
  method: 'get',
  path: '/api/v1/knowledge/articles/{articleId}',
  tags: [TAG],
  summary: 'An article with its translations',
  security: bearerOrSession,
  request: { params: articleParams },
  responses: { 200: jsonResponse(articleDetailSchema, 'The article'), ...problems(401, 403, 404) },
});

export const register: Register = (app, { useCases }) =>
  app.openapi(route, async (c) => {
    const detail = await getArticle(useCases, actorOf(c), c.req.valid('param').articleId);
    return c.json(presentArticleDetail(detail), 200);
  });

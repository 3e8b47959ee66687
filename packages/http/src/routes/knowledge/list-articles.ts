import { createRoute, z } from '@hono/zod-openapi';
import { listArticles } from '@sofortdesk/domain';
import { articleListQuery, articleSchema } from '@sofortdesk/protocol';
import { actorOf } from '../../context.ts';
import { bearerOrSession, jsonResponse, problems, type Register } from '../support.ts';
import { TAG } from './params.ts';
import { presentArticle } from './present.ts';

export const route = createRoute({
  method: 'get',
  path: '/api/v1/knowledge/articles',
  tags: [TAG],
  summary: 'Articles, most recently changed first (partners: in their collections)',
  security: bearerOrSession,
  request: { query: articleListQuery },
  responses: {
    200: jsonResponse(z.object({ items: z.array(articleSchema) }), 'Articles'),
    ...problems(401, 403, 404, 422),
  },
});

export const register: Register = (app, { useCases }) =>
  app.openapi(route, async (c) => {
    const { collectionId, language, visibility, tag } = c.req.valid('query');
    const articles = await listArticles(useCases, actorOf(c), {
      ...(collectionId !== undefined ? { collectionId } : {}),
      ...(language !== undefined ? { language } : {}),
      ...(visibility !== undefined ? { visibility } : {}),
      ...(tag !== undefined ? { tag } : {}),
    });
    return c.json({ items: articles.map(presentArticle) }, 200);
  });

import { createRoute } from '@hono/zod-openapi';
import { restoreArticleVersion } from '@sofortdesk/domain';
import { articleSchema, restoreVersionRequest } from '@sofortdesk/protocol';
import { actorOf } from '../../context.ts';
import { bearerOrSession, jsonBody, jsonResponse, problems, type Register } from '../support.ts';
import { articleParams, TAG } from './params.ts';
import { presentArticle } from './present.ts';

export const route = createRoute({
  method: 'post',
  path: '/api/v1/knowledge/articles/{articleId}/restore',
  tags: [TAG],
  summary: 'Make an older version current again (as a new version)',
  security: bearerOrSession,
  request: { params: articleParams, body: jsonBody(restoreVersionRequest) },
  responses: {
    200: jsonResponse(articleSchema, 'Restored as the next version'),
    ...problems(400, 401, 403, 404, 409, 415, 422),
  },
});

export const register: Register = (app, { useCases }) =>
  app.openapi(route, async (c) => {
    const article = await restoreArticleVersion(
      useCases,
      actorOf(c),
      c.req.valid('param').articleId,
      c.req.valid('json'),
    );
    return c.json(presentArticle(article), 200);
  });

import { createRoute, z } from '@hono/zod-openapi';
import { listArticleVersions } from '@sofortdesk/domain';
import { articleVersionSchema } from '@sofortdesk/protocol';
import { actorOf } from '../../context.ts';
import { bearerOrSession, jsonResponse, problems, type Register } from '../support.ts';
import { articleParams, TAG } from './params.ts';

export const route = createRoute({
  method: 'get',
  path: '/api/v1/knowledge/articles/{articleId}/versions',
  tags: [TAG],
  summary: "An article's version history, newest first",
  security: bearerOrSession,
  request: { params: articleParams },
  responses: {
    200: jsonResponse(z.object({ items: z.array(articleVersionSchema) }), 'Versions'),
    ...problems(401, 403, 404),
  },
});

export const register: Register = (app, { useCases }) =>
  app.openapi(route, async (c) => {
    const versions = await listArticleVersions(useCases, actorOf(c), c.req.valid('param').articleId);
    return c.json({ items: versions }, 200);
  });

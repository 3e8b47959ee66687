import { createRoute } from '@hono/zod-openapi';
import { diffArticleVersions } from '@sofortdesk/domain';
import { articleDiffQuery, articleDiffSchema } from '@sofortdesk/protocol';
import { actorOf } from '../../context.ts';
import { bearerOrSession, jsonResponse, problems, type Register } from '../support.ts';
import { articleParams, TAG } from './params.ts';

export const route = createRoute({
  method: 'get',
  path: '/api/v1/knowledge/articles/{articleId}/diff',
  tags: [TAG],
  summary: 'What changed between two versions of an article (default: the latest change)',
  description: 'Words for the title, lines for the body, items for alternative questions and tags.',
  security: bearerOrSession,
  request: { params: articleParams, query: articleDiffQuery },
  responses: { 200: jsonResponse(articleDiffSchema, 'The changes'), ...problems(401, 403, 404, 422) },
});

export const register: Register = (app, { useCases }) =>
  app.openapi(route, async (c) => {
    const { from, to } = c.req.valid('query');
    const diff = await diffArticleVersions(useCases, actorOf(c), c.req.valid('param').articleId, {
      ...(from !== undefined ? { from } : {}),
      ...(to !== undefined ? { to } : {}),
    });
    return c.json(diff, 200);
  });

import { createRoute } from '@hono/zod-openapi';
import { updateArticle } from '@sofortdesk/domain';
import { articleSchema, changeRequestSchema, updateArticleRequest } from '@sofortdesk/protocol';
import { actorOf } from '../../context.ts';
import { bearerOrSession, jsonBody, jsonResponse, problems, type Register } from '../support.ts';
import { articleParams, TAG } from './params.ts';
import { presentArticle, presentChangeRequest } from './present.ts';

export const route = createRoute({
  method: 'patch',
  path: '/api/v1/knowledge/articles/{articleId}',
  tags: [TAG],
  summary: 'Change an article (a new version)',
  description:
    'Only the fields given change. baseVersion is the version you started from: when someone saved in between, ' +
    'the answer is 409 and nothing changes. Partners get 202 with a proposal for review instead.',
  security: bearerOrSession,
  request: { params: articleParams, body: jsonBody(updateArticleRequest) },
  responses: {
    200: jsonResponse(articleSchema, 'Saved as the next version'),
    202: jsonResponse(changeRequestSchema, 'Proposed; waits for review'),
    ...problems(400, 401, 403, 404, 409, 415, 422),
  },
});

export const register: Register = (app, { useCases }) =>
  app.openapi(route, async (c) => {
    const { baseVersion, ...changes } = c.req.valid('json');
    const result = await updateArticle(useCases, actorOf(c), c.req.valid('param').articleId, {
      baseVersion,
      changes: Object.fromEntries(Object.entries(changes).filter(([, value]) => value !== undefined)),
    });
    return result.kind === 'saved'
      ? c.json(presentArticle(result.article), 200)
      : c.json(presentChangeRequest(result.changeRequest), 202);
  });

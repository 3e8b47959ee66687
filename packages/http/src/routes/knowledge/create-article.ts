import { createRoute } from '@hono/zod-openapi';
import { createArticle } from '@sofortdesk/domain';
import { articleSchema, changeRequestSchema, createArticleRequest } from '@sofortdesk/protocol';
import { actorOf } from '../../context.ts';
import { bearerOrSession, jsonBody, jsonResponse, problems, type Register } from '../support.ts';
import { TAG } from './params.ts';
import { presentArticle, presentChangeRequest } from './present.ts';

export const route = createRoute({
  method: 'post',
  path: '/api/v1/knowledge/articles',
  tags: [TAG],
  summary: 'Write an article, or a translation of one',
  description:
    'Admins and agents: 201 with the article (version 1). Partners, in a collection shared with them: 202 with a ' +
    'proposal that an agent reviews; nothing is published until then.',
  security: bearerOrSession,
  request: { body: jsonBody(createArticleRequest) },
  responses: {
    201: jsonResponse(articleSchema, 'Created'),
    202: jsonResponse(changeRequestSchema, 'Proposed; waits for review'),
    ...problems(400, 401, 403, 404, 409, 415, 422),
  },
});

export const register: Register = (app, { useCases }) =>
  app.openapi(route, async (c) => {
    const { collectionId, language, translationOf, ...content } = c.req.valid('json');
    const result = await createArticle(useCases, actorOf(c), {
      collectionId,
      language,
      translationOf,
      content,
    });
    return result.kind === 'saved'
      ? c.json(presentArticle(result.article), 201)
      : c.json(presentChangeRequest(result.changeRequest), 202);
  });

import { createRoute } from '@hono/zod-openapi';
import { draftArticleFromGap } from '@sofortdesk/domain';
import { articleSchema, draftFromGapRequest } from '@sofortdesk/protocol';
import { actorOf } from '../../context.ts';
import { TAG } from '../knowledge/params.ts';
import { presentArticle } from '../knowledge/present.ts';
import { bearerOrSession, jsonBody, jsonResponse, problems, type Register } from '../support.ts';

export const route = createRoute({
  method: 'post',
  path: '/api/v1/knowledge/gaps/draft',
  tags: [TAG],
  summary: "Draft an article from a knowledge gap's conversations",
  description:
    "A draft (visibility draft) whose title is the most typical question, whose body collects the agents' " +
    'replies to the customers (not internal notes), and whose "also asked as" are the other questions. ' +
    'In the collection given, or in "Entwürfe / Drafts". Admins and agents; partners 403.',
  security: bearerOrSession,
  request: { body: jsonBody(draftFromGapRequest) },
  responses: {
    201: jsonResponse(articleSchema, 'The draft'),
    ...problems(400, 401, 403, 404, 415, 422),
  },
});

export const register: Register = (app, { useCases, knowledgeGaps }) =>
  app.openapi(route, async (c) => {
    const { conversationIds, collectionId, language } = c.req.valid('json');
    const article = await draftArticleFromGap({ ...useCases, ...knowledgeGaps }, actorOf(c), {
      conversationIds,
      ...(collectionId !== undefined && { collectionId }),
      ...(language !== undefined && { language }),
    });
    return c.json(presentArticle(article), 201);
  });

import { createRoute } from '@hono/zod-openapi';
import { createCollection } from '@sofortdesk/domain';
import { createCollectionRequest, knowledgeCollectionSchema } from '@sofortdesk/protocol';
import { actorOf } from '../../context.ts';
import { bearerOrSession, jsonBody, jsonResponse, problems, type Register } from '../support.ts';
import { TAG } from './params.ts';
import { presentCollection } from './present.ts';

export const route = createRoute({
  method: 'post',
  path: '/api/v1/knowledge/collections',
  tags: [TAG],
  summary: 'Create a collection (admins)',
  security: bearerOrSession,
  'x-sofortdesk-roles': ['admin'],
  request: { body: jsonBody(createCollectionRequest) },
  responses: {
    201: jsonResponse(knowledgeCollectionSchema, 'Created'),
    ...problems(400, 401, 403, 415, 422),
  },
});

export const register: Register = (app, { useCases }) =>
  app.openapi(route, async (c) => {
    const collection = await createCollection(useCases, actorOf(c), c.req.valid('json'));
    return c.json(presentCollection(collection), 201);
  });

import { createRoute, z } from '@hono/zod-openapi';
import { listCollections } from '@sofortdesk/domain';
import { knowledgeCollectionSchema } from '@sofortdesk/protocol';
import { actorOf } from '../../context.ts';
import { bearerOrSession, jsonResponse, problems, type Register } from '../support.ts';
import { TAG } from './params.ts';
import { presentCollection } from './present.ts';

export const route = createRoute({
  method: 'get',
  path: '/api/v1/knowledge/collections',
  tags: [TAG],
  summary: 'Collections of articles (partners: those shared with them)',
  security: bearerOrSession,
  responses: {
    200: jsonResponse(z.object({ items: z.array(knowledgeCollectionSchema) }), 'Collections'),
    ...problems(401, 403),
  },
});

export const register: Register = (app, { useCases }) =>
  app.openapi(route, async (c) => {
    const collections = await listCollections(useCases, actorOf(c));
    return c.json({ items: collections.map(presentCollection) }, 200);
  });

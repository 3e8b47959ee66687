import { createRoute } from '@hono/zod-openapi';
import { setCollectionPartners } from '@sofortdesk/domain';
import { knowledgeCollectionSchema, setCollectionPartnersRequest } from '@sofortdesk/protocol';
import { actorOf } from '../../context.ts';
import { bearerOrSession, jsonBody, jsonResponse, problems, type Register } from '../support.ts';
import { collectionParams, TAG } from './params.ts';
import { presentCollection } from './present.ts';

export const route = createRoute({
  method: 'put',
  path: '/api/v1/knowledge/collections/{collectionId}/partners',
  tags: [TAG],
  summary: 'Which partners may read and propose changes in a collection (admins)',
  description: 'Replaces the whole list. Only users with the role partner can be granted.',
  security: bearerOrSession,
  'x-sofortdesk-roles': ['admin'],
  request: { params: collectionParams, body: jsonBody(setCollectionPartnersRequest) },
  responses: {
    200: jsonResponse(knowledgeCollectionSchema, 'The collection with its partners'),
    ...problems(400, 401, 403, 404, 415, 422),
  },
});

export const register: Register = (app, { useCases }) =>
  app.openapi(route, async (c) => {
    const collection = await setCollectionPartners(
      useCases,
      actorOf(c),
      c.req.valid('param').collectionId,
      c.req.valid('json').partnerIds,
    );
    return c.json(presentCollection(collection), 200);
  });

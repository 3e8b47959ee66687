import { createRoute, z } from '@hono/zod-openapi';
import { listChangeRequests } from '@sofortdesk/domain';
import { changeRequestListQuery, changeRequestSchema } from '@sofortdesk/protocol';
import { actorOf } from '../../context.ts';
import { bearerOrSession, jsonResponse, problems, type Register } from '../support.ts';
import { TAG } from './params.ts';
import { presentChangeRequest } from './present.ts';

export const route = createRoute({
  method: 'get',
  path: '/api/v1/knowledge/change-requests',
  tags: [TAG],
  summary: "Partners' proposals, oldest first (partners: their own)",
  security: bearerOrSession,
  request: { query: changeRequestListQuery },
  responses: {
    200: jsonResponse(z.object({ items: z.array(changeRequestSchema) }), 'Proposals'),
    ...problems(401, 403, 422),
  },
});

export const register: Register = (app, { useCases }) =>
  app.openapi(route, async (c) => {
    const { status } = c.req.valid('query');
    const requests = await listChangeRequests(useCases, actorOf(c), status ? { status } : {});
    return c.json({ items: requests.map(presentChangeRequest) }, 200);
  });

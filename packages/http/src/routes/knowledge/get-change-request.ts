import { createRoute } from '@hono/zod-openapi';
import { getChangeRequest } from '@sofortdesk/domain';
import { changeRequestSchema } from '@sofortdesk/protocol';
import { actorOf } from '../../context.ts';
import { bearerOrSession, jsonResponse, problems, type Register } from '../support.ts';
import { changeRequestParams, TAG } from './params.ts';
import { presentChangeRequest } from './present.ts';

export const route = createRoute({
  method: 'get',
  path: '/api/v1/knowledge/change-requests/{changeRequestId}',
  tags: [TAG],
  summary: "A partner's proposal",
  security: bearerOrSession,
  request: { params: changeRequestParams },
  responses: { 200: jsonResponse(changeRequestSchema, 'The proposal'), ...problems(401, 403, 404) },
});

export const register: Register = (app, { useCases }) =>
  app.openapi(route, async (c) => {
    const request = await getChangeRequest(useCases, actorOf(c), c.req.valid('param').changeRequestId);
    return c.json(presentChangeRequest(request), 200);
  });

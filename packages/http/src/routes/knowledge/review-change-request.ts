import { createRoute } from '@hono/zod-openapi';
import { approveChangeRequest, rejectChangeRequest } from '@sofortdesk/domain';
import { changeRequestSchema, reviewChangeRequestRequest } from '@sofortdesk/protocol';
import { actorOf } from '../../context.ts';
import { bearerOrSession, jsonBody, jsonResponse, problems, type Register } from '../support.ts';
import { changeRequestParams, TAG } from './params.ts';
import { presentChangeRequest } from './present.ts';

export const route = createRoute({
  method: 'post',
  path: '/api/v1/knowledge/change-requests/{changeRequestId}/review',
  tags: [TAG],
  summary: "Approve or reject a partner's proposal (admins and agents)",
  description:
    'Approving publishes it as a new article or the next version (409 when the article changed after the ' +
    'proposal was written, or the proposal was decided already).',
  security: bearerOrSession,
  request: { params: changeRequestParams, body: jsonBody(reviewChangeRequestRequest) },
  responses: {
    200: jsonResponse(changeRequestSchema, 'Decided'),
    ...problems(400, 401, 403, 404, 409, 415, 422),
  },
});

export const register: Register = (app, { useCases }) =>
  app.openapi(route, async (c) => {
    const id = c.req.valid('param').changeRequestId;
    const { decision, note } = c.req.valid('json');
    const decided =
      decision === 'approve'
        ? (await approveChangeRequest(useCases, actorOf(c), id, note)).changeRequest
        : await rejectChangeRequest(useCases, actorOf(c), id, note);
    return c.json(presentChangeRequest(decided), 200);
  });

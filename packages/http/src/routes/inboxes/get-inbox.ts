import { createRoute } from '@hono/zod-openapi';
import { getInbox } from '@sofortdesk/domain';
import { inboxSchema } from '@sofortdesk/protocol';
import { actorOf } from '../../context.ts';
import { presentInbox } from '../../presenters.ts';
import { bearerOrSession, jsonResponse, problems, type Register } from '../support.ts';
import { inboxParams } from './params.ts';

export const route = createRoute({
  method: 'get',
  path: '/api/v1/inboxes/{inboxId}',
  tags: ['Inboxes'],
  summary: 'One inbox',
  security: bearerOrSession,
  request: { params: inboxParams },
  responses: { 200: jsonResponse(inboxSchema, 'The inbox'), ...problems(401, 403, 404) },
});

export const register: Register = (app, { useCases, publicUrl }) =>
  app.openapi(route, async (c) => {
    const inbox = await getInbox(useCases, actorOf(c), c.req.valid('param').inboxId);
    return c.json(presentInbox(inbox, publicUrl()), 200);
  });

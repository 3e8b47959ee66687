import { createRoute, z } from '@hono/zod-openapi';
import { listInboxMembers } from '@sofortdesk/domain';
import { agentSchema } from '@sofortdesk/protocol';
import { actorOf } from '../../context.ts';
import { presentAgent } from '../../presenters.ts';
import { bearerOrSession, jsonResponse, problems, type Register } from '../support.ts';
import { inboxParams } from './params.ts';

export const route = createRoute({
  method: 'get',
  path: '/api/v1/inboxes/{inboxId}/members',
  tags: ['Inboxes'],
  summary: 'The agents who work in an inbox (admins see every inbox without being members)',
  security: bearerOrSession,
  request: { params: inboxParams },
  responses: {
    200: jsonResponse(z.object({ items: z.array(agentSchema) }), 'Members'),
    ...problems(401, 403, 404),
  },
});

export const register: Register = (app, { useCases }) =>
  app.openapi(route, async (c) => {
    const members = await listInboxMembers(useCases, actorOf(c), c.req.valid('param').inboxId);
    return c.json({ items: members.map(presentAgent) }, 200);
  });

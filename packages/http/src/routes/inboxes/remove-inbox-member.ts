import { createRoute } from '@hono/zod-openapi';
import { removeInboxMember } from '@sofortdesk/domain';
import { actorOf } from '../../context.ts';
import { bearerOrSession, problems, type Register } from '../support.ts';
import { inboxMemberParams } from './member-params.ts';

export const route = createRoute({
  method: 'delete',
  path: '/api/v1/inboxes/{inboxId}/members/{agentId}',
  tags: ['Inboxes'],
  summary: 'Take an agent out of an inbox (admins); they stop seeing its conversations within seconds',
  security: bearerOrSession,
  'x-sofortdesk-roles': ['admin'],
  request: { params: inboxMemberParams },
  responses: { 204: { description: 'The agent is no member' }, ...problems(401, 403, 404) },
});

export const register: Register = (app, { useCases }) =>
  app.openapi(route, async (c) => {
    const { inboxId, agentId } = c.req.valid('param');
    await removeInboxMember(useCases, actorOf(c), inboxId, agentId);
    return c.body(null, 204);
  });

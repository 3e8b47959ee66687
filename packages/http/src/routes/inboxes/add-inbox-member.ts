import { createRoute } from '@hono/zod-openapi';
import { addInboxMember } from '@sofortdesk/domain';
import { actorOf } from '../../context.ts';
import { bearerOrSession, problems, type Register } from '../support.ts';
import { inboxMemberParams } from './member-params.ts';

export const route = createRoute({
  method: 'put',
  path: '/api/v1/inboxes/{inboxId}/members/{agentId}',
  tags: ['Inboxes'],
  summary: 'Let an agent work in an inbox (admins); repeating it changes nothing',
  security: bearerOrSession,
  'x-sofortdesk-roles': ['admin'],
  request: { params: inboxMemberParams },
  responses: { 204: { description: 'The agent is a member' }, ...problems(401, 403, 404) },
});

export const register: Register = (app, { useCases }) =>
  app.openapi(route, async (c) => {
    const { inboxId, agentId } = c.req.valid('param');
    await addInboxMember(useCases, actorOf(c), inboxId, agentId);
    return c.body(null, 204);
  });

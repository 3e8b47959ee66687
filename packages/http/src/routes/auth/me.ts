import { createRoute, z } from '@hono/zod-openapi';
import { getAgentSelf } from '@sofortdesk/domain';
import { agentSchema } from '@sofortdesk/protocol';
import { actorOf } from '../../context.ts';
import { presentAgent } from '../../presenters.ts';
import { bearerOrSession, jsonResponse, problems, type Register } from '../support.ts';

const meResponse = z
  .object({ agent: agentSchema, inboxIds: z.array(z.string()).nullable(), csrfToken: z.string().nullable() })
  .meta({ id: 'Me' });

export const route = createRoute({
  method: 'get',
  path: '/api/v1/me',
  tags: ['Auth'],
  summary: 'Who am I: the agent, their inboxes (null: all), and the CSRF token of a cookie session',
  security: bearerOrSession,
  responses: { 200: jsonResponse(meResponse, 'The caller'), ...problems(401) },
});

export const register: Register = (app, { useCases }) =>
  app.openapi(route, async (c) => {
    const actor = actorOf(c);
    const agent = await getAgentSelf(useCases, actor);
    return c.json(
      {
        agent: presentAgent(agent),
        inboxIds: actor.role === 'admin' ? null : [...actor.inboxIds],
        csrfToken: c.get('csrfToken') ?? null,
      },
      200,
    );
  });

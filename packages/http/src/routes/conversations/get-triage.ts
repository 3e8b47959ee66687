import { createRoute } from '@hono/zod-openapi';
import { getConversationTriage } from '@sofortdesk/domain';
import { conversationTriageSchema } from '@sofortdesk/protocol';
import { z } from '@hono/zod-openapi';
import { actorOf } from '../../context.ts';
import { presentTriage } from '../../presenters.ts';
import { bearerOrSession, jsonResponse, problems, type Register } from '../support.ts';
import { conversationParams } from './params.ts';

export const route = createRoute({
  method: 'get',
  path: '/api/v1/conversations/{conversationId}/triage',
  tags: ['Conversations'],
  summary: "The newest customer message's triage signals and routing explanation",
  security: bearerOrSession,
  request: { params: conversationParams },
  responses: {
    200: jsonResponse(
      z.object({ triage: conversationTriageSchema.nullable() }),
      'Signals (null: no message triaged yet)',
    ),
    ...problems(401, 403, 404),
  },
});

export const register: Register = (app, { useCases }) =>
  app.openapi(route, async (c) => {
    const triage = await getConversationTriage(useCases, actorOf(c), c.req.valid('param').conversationId);
    return c.json({ triage: triage ? presentTriage(triage) : null }, 200);
  });

import { createRoute, z } from '@hono/zod-openapi';
import { listCannedAnswers } from '@sofortdesk/domain';
import { cannedAnswerSchema } from '@sofortdesk/protocol';
import { actorOf } from '../../context.ts';
import { presentCannedAnswer } from '../../presenters.ts';
import { bearerOrSession, jsonResponse, problems, type Register } from '../support.ts';

export const route = createRoute({
  method: 'get',
  path: '/api/v1/canned-answers',
  tags: ['Canned answers'],
  summary: "Your account's canned answers, by shortcut",
  security: bearerOrSession,
  responses: {
    200: jsonResponse(z.object({ items: z.array(cannedAnswerSchema) }), 'Canned answers'),
    ...problems(401, 403),
  },
});

export const register: Register = (app, { useCases }) =>
  app.openapi(route, async (c) => {
    const answers = await listCannedAnswers(useCases, actorOf(c));
    return c.json({ items: answers.map(presentCannedAnswer) }, 200);
  });

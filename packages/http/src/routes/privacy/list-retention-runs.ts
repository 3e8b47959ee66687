import { createRoute } from '@hono/zod-openapi';
import { listRetentionRuns } from '@sofortdesk/domain';
import { retentionRunListSchema } from '@sofortdesk/protocol';
import { actorOf } from '../../context.ts';
import { presentRetentionRun } from '../../presenters.ts';
import { bearerOrSession, jsonResponse, problems, type Register } from '../support.ts';

export const route = createRoute({
  method: 'get',
  path: '/api/v1/privacy/retention-runs',
  tags: ['Privacy'],
  summary: 'Receipts of the latest daily retention runs (cut-off and counts, no personal data; admins)',
  security: bearerOrSession,
  'x-sofortdesk-roles': ['admin'],
  responses: {
    200: jsonResponse(retentionRunListSchema, 'Newest first, at most 30'),
    ...problems(401, 403),
  },
});

export const register: Register = (app, { useCases }) =>
  app.openapi(route, async (c) =>
    c.json({ items: (await listRetentionRuns(useCases, actorOf(c))).map(presentRetentionRun) }, 200),
  );

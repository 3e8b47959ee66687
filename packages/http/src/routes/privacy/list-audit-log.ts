import { createRoute } from '@hono/zod-openapi';
import { listAuditLog } from '@sofortdesk/domain';
import { auditLogPageSchema, auditLogQuery } from '@sofortdesk/protocol';
import { actorOf } from '../../context.ts';
import { presentAuditEntry } from '../../presenters.ts';
import { bearerOrSession, jsonResponse, problems, type Register } from '../support.ts';

export const route = createRoute({
  method: 'get',
  path: '/api/v1/audit-log',
  tags: ['Privacy'],
  summary: "Agents' access to personal data (contact opened, export made, erasure requested), newest first",
  description: 'Entries name who, what, which contact and when, never the data. Page on with `before`.',
  security: bearerOrSession,
  'x-sofortdesk-roles': ['admin'],
  request: { query: auditLogQuery },
  responses: {
    200: jsonResponse(auditLogPageSchema, 'A page'),
    ...problems(401, 403, 422),
  },
});

export const register: Register = (app, { useCases }) =>
  app.openapi(route, async (c) => {
    const page = await listAuditLog(useCases, actorOf(c), c.req.valid('query'));
    return c.json({ items: page.items.map(presentAuditEntry), nextCursor: page.nextCursor }, 200);
  });

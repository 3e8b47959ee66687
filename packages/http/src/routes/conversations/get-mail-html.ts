import { createRoute, z } from '@hono/zod-openapi';
import { readMailHtml } from '@sofortdesk/domain';
import { actorOf } from '../../context.ts';
import { bearerOrSession, problems, type Register } from '../support.ts';
import { mailMessageParams } from './params.ts';

/**
 * The sanitised HTML was cleaned when the mail arrived; it is still served sandboxed (no script, no
 * same origin, nothing fetched but inline images), for a frame in the workspace or a new tab.
 */
const SANDBOX = "sandbox; default-src 'none'; img-src data: cid:; style-src 'unsafe-inline'";

export const route = createRoute({
  method: 'get',
  path: '/api/v1/messages/{mailMessageId}/html',
  tags: ['Conversations'],
  summary: 'The HTML version of an e-mail message (sanitised), in a sandbox',
  security: bearerOrSession,
  request: { params: mailMessageParams },
  responses: {
    200: { description: 'The sanitised HTML', content: { 'text/html': { schema: z.string() } } },
    ...problems(401, 403, 404),
  },
});

export const register: Register = (app, { useCases }) =>
  app.openapi(route, async (c) => {
    const { mailMessageId } = c.req.valid('param');
    const html = await readMailHtml(useCases, actorOf(c), mailMessageId);
    return c.body(`<!doctype html><meta charset="utf-8">${html}`, 200, {
      'content-type': 'text/html; charset=utf-8',
      'content-security-policy': SANDBOX,
      'x-content-type-options': 'nosniff',
      'cache-control': 'private, no-store',
    });
  });

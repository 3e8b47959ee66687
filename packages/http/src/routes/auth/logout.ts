import { createRoute } from '@hono/zod-openapi';
import { deleteCookie, getCookie } from 'hono/cookie';
import { SESSION_COOKIE } from '../../auth/auth-service.ts';
import { problems, type Register } from '../support.ts';

export const route = createRoute({
  method: 'post',
  path: '/api/v1/auth/logout',
  tags: ['Auth'],
  summary: 'End the session',
  responses: { 204: { description: 'Logged out' }, ...problems(403) },
});

export const register: Register = (app, { auth }) =>
  app.openapi(route, async (c) => {
    const token = getCookie(c, SESSION_COOKIE);
    if (token) await auth.logout(token);
    deleteCookie(c, SESSION_COOKIE, { path: '/' });
    return c.body(null, 204);
  });

import { createRoute } from '@hono/zod-openapi';
import { setCookie } from 'hono/cookie';
import { loginRequest, loginResponse } from '@sofortdesk/protocol';
import { SESSION_COOKIE } from '../../auth/auth-service.ts';
import { presentAgent } from '../../presenters.ts';
import { clientAddress } from '../../middleware/rate-limit.ts';
import { ProblemError } from '../../problems.ts';
import { jsonBody, jsonResponse, problems, type Register } from '../support.ts';

export const route = createRoute({
  method: 'post',
  path: '/api/v1/auth/login',
  tags: ['Auth'],
  summary: 'Log in as an agent; sets an HttpOnly session cookie',
  request: { body: jsonBody(loginRequest) },
  responses: { 200: jsonResponse(loginResponse, 'Logged in'), ...problems(400, 401, 422, 429) },
});

export const register: Register = (app, { auth, loginLimiter, secureCookies }) =>
  app.openapi(route, async (c) => {
    const { email, password } = c.req.valid('json');
    // Both per address and per account: one attacker cannot spray many accounts, nor many hosts one.
    // The account key is the address as login() looks it up (trimmed), or spaces would dodge it.
    const account = email.trim().toLowerCase();
    const wait = Math.max(loginLimiter.hit(`ip:${clientAddress(c)}`), loginLimiter.hit(`email:${account}`));
    if (wait > 0) {
      throw new ProblemError({
        status: 429,
        title: 'Too many login attempts',
        detail: `Try again in ${wait} s.`,
        headers: { 'retry-after': String(wait) },
      });
    }
    const result = await auth.login(email, password);
    if (!result) throw new ProblemError({ status: 401, title: 'E-mail or password is wrong' });
    setCookie(c, SESSION_COOKIE, result.sessionToken, {
      httpOnly: true,
      secure: secureCookies,
      sameSite: 'Lax',
      path: '/',
      maxAge: 14 * 24 * 60 * 60,
    });
    return c.json({ agent: presentAgent(result.user), csrfToken: result.csrfToken }, 200);
  });

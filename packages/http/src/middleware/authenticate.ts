import type { MiddlewareHandler } from 'hono';
import { getCookie } from 'hono/cookie';
import { SESSION_COOKIE, safeEqual, type AuthService } from '../auth/auth-service.ts';
import type { AppEnv } from '../context.ts';
import { ProblemError } from '../problems.ts';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Resolves the caller from a Bearer token or the session cookie. Cookie-authenticated changes need
 * the session's CSRF token in X-CSRF-Token: a cookie rides along on cross-site requests, a header
 * set by our own JavaScript does not.
 */
export function authenticate(auth: AuthService): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    c.set('actor', undefined);
    c.set('authMethod', undefined);
    const header = c.req.header('authorization');
    if (header !== undefined) {
      const match = /^Bearer\s+(\S+)$/i.exec(header);
      const actor = match ? await auth.fromApiToken(match[1]!) : undefined;
      if (!actor) throw new ProblemError({ status: 401, title: 'The API token is not valid' });
      c.set('actor', actor);
      c.set('authMethod', 'token');
      return next();
    }
    const sessionToken = getCookie(c, SESSION_COOKIE);
    if (sessionToken) {
      const session = await auth.fromSession(sessionToken);
      if (session) {
        if (
          !SAFE_METHODS.has(c.req.method) &&
          !safeEqual(c.req.header('x-csrf-token') ?? '', session.csrfToken)
        ) {
          throw new ProblemError({
            status: 403,
            title: 'CSRF token missing or wrong',
            detail: 'Send the csrfToken from the login response as X-CSRF-Token.',
          });
        }
        c.set('actor', session.actor);
        c.set('authMethod', 'session');
        c.set('csrfToken', session.csrfToken);
      }
    }
    return next();
  };
}

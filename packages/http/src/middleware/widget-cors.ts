/**
 * CORS for the widget's routes (/api/v1/widget/{webchatInboxId}/...): only the origins the inbox
 * allows may call them from a browser, preflight included. A request from any other origin is refused
 * (403) before it reaches a route; one without an Origin header (not a browser) passes, with no CORS
 * headers. The origins are cached briefly, so a change of the settings takes a few seconds.
 */
import type { MiddlewareHandler } from 'hono';
import type { AppEnv } from '../context.ts';
import { problem } from '../problems.ts';

const CACHE_MS = 5_000;
const MAX_CACHED = 10_000;

export function widgetCors(
  allowedOrigins: (inboxId: string) => Promise<string[] | undefined>,
  prefix: string,
): MiddlewareHandler<AppEnv> {
  const cache = new Map<string, { origins: string[] | undefined; until: number }>();
  async function originsOf(inboxId: string): Promise<string[] | undefined> {
    const now = Date.now();
    const cached = cache.get(inboxId);
    if (cached && cached.until > now) return cached.origins;
    if (cache.size >= MAX_CACHED) cache.clear();
    const origins = await allowedOrigins(inboxId);
    cache.set(inboxId, { origins, until: now + CACHE_MS });
    return origins;
  }

  return async (c, next) => {
    const origin = c.req.header('origin');
    const preflight = c.req.method === 'OPTIONS';
    if (origin === undefined && !preflight) return next();
    let inboxId = c.req.path.slice(prefix.length).split('/')[0] ?? '';
    try {
      inboxId = decodeURIComponent(inboxId);
    } catch {
      inboxId = '';
    }
    // eslint-disable-next-line no-control-regex -- an id with control characters names no inbox
    const origins = inboxId && !/[\u0000-\u001F\u007F]/.test(inboxId) ? await originsOf(inboxId) : undefined;
    const allowed = origin !== undefined && (origins?.includes(origin.toLowerCase()) ?? false);
    if (!allowed) {
      return problem(c, {
        status: 403,
        title: 'This site may not use this chat widget',
        detail: "Add the site's origin to the web chat inbox's allowed origins.",
        headers: { vary: 'Origin' },
      });
    }
    if (preflight) {
      return c.body(null, 204, {
        'access-control-allow-origin': origin,
        'access-control-allow-methods': 'GET, POST',
        'access-control-allow-headers': 'authorization, content-type',
        'access-control-max-age': '600',
        vary: 'Origin',
      });
    }
    await next();
    c.res.headers.set('access-control-allow-origin', origin);
    c.res.headers.set('access-control-expose-headers', 'x-request-id');
    c.res.headers.append('vary', 'Origin');
  };
}

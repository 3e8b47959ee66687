import { getConnInfo } from '@hono/node-server/conninfo';
import type { Context, MiddlewareHandler } from 'hono';
import { ProblemError } from '../problems.ts';

/**
 * A fixed-window counter per key, in memory. Enough for login throttling in one process; several
 * web processes each count on their own, so the effective limit is per process (docs/OPERATIONS.md).
 */
export class RateLimiter {
  private readonly windows = new Map<string, { count: number; resetAt: number }>();

  constructor(
    private readonly limit: number,
    private readonly windowMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** Counts one hit; answers the seconds to wait when over the limit, else 0. */
  hit(key: string): number {
    const now = this.now();
    if (this.windows.size > 10_000) {
      for (const [k, w] of this.windows) if (w.resetAt <= now) this.windows.delete(k);
    }
    const window = this.windows.get(key);
    if (!window || window.resetAt <= now) {
      this.windows.set(key, { count: 1, resetAt: now + this.windowMs });
      return 0;
    }
    window.count++;
    return window.count > this.limit ? Math.ceil((window.resetAt - now) / 1000) : 0;
  }
}

/** The peer's address as the socket sees it ('unknown' where there is none, e.g. in app.request tests). */
export function clientAddress(c: Context): string {
  try {
    return getConnInfo(c).remote.address ?? 'unknown';
  } catch {
    return 'unknown';
  }
}

/**
 * Throttles the public routes (the widget's, the help centre's votes): per widget visitor when the
 * request carries a visitor token, so one busy office behind a NAT is not one visitor, else per
 * address. Requests with a token also count against their address at ten times the limit: made-up
 * tokens cannot buy unlimited budgets. Over a limit: 429 with Retry-After.
 */
export function throttle(perMinute: number, methods?: readonly string[]): MiddlewareHandler {
  const single = new RateLimiter(perMinute, 60_000);
  const shared = new RateLimiter(perMinute * 10, 60_000);
  return async (c, next) => {
    if (methods && !methods.includes(c.req.method)) return next();
    const token = /^Bearer\s+(\S+)$/i.exec(c.req.header('authorization') ?? '')?.[1];
    const address = clientAddress(c);
    const wait = token
      ? Math.max(single.hit(`visitor:${token}`), shared.hit(`address:${address}`))
      : single.hit(`address:${address}`);
    if (wait > 0) {
      throw new ProblemError({
        status: 429,
        title: 'Too many requests',
        detail: `Try again in ${wait} s.`,
        headers: { 'retry-after': String(wait) },
      });
    }
    return next();
  };
}

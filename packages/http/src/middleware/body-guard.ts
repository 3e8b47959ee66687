import type { Context, MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { problem } from '../problems.ts';

const decoder = new TextDecoder('utf-8', { fatal: true });
const isJson = (type: string | undefined) => !!type && /^application\/([\w.+-]+\+)?json\s*(;|$)/i.test(type);

/**
 * Before any route sees a body: at most `maxBytes`, declared as JSON, valid UTF-8 (a lossy decode
 * would silently store replacement characters), and parseable. Each failure is a clear 4xx.
 * Requests for which `skip` holds (file uploads) are left to their route, which limits them itself.
 */
export function bodyGuard(
  maxBytes: number,
  skip: (c: Context) => boolean = () => false,
): MiddlewareHandler[] {
  const tooLarge = (c: Context) =>
    problem(c, { status: 413, title: 'The request body is too large', detail: `At most ${maxBytes} bytes.` });
  const streamingLimit = bodyLimit({ maxSize: maxBytes, onError: tooLarge });
  // hono's bodyLimit reads c.req.raw.body, which makes @hono/node-server build a full web Request
  // (stream, AbortController, headers) for every request. GETs carry no body, and a declared length
  // is checked the way bodyLimit checks it; only chunked bodies need the counting stream.
  const limit: MiddlewareHandler = async (c, next) => {
    if (c.req.method === 'GET' || c.req.method === 'HEAD' || skip(c)) return next();
    const length = c.req.header('content-length');
    if (length !== undefined && c.req.header('transfer-encoding') === undefined) {
      return parseInt(length || '0', 10) > maxBytes ? tooLarge(c) : next();
    }
    return streamingLimit(c, next);
  };
  const check: MiddlewareHandler = async (c, next) => {
    const length = c.req.header('content-length');
    const hasBody =
      (length !== undefined && length !== '0') || c.req.header('transfer-encoding') !== undefined;
    if (!hasBody || c.req.method === 'GET' || c.req.method === 'HEAD' || skip(c)) return next();
    if (!isJson(c.req.header('content-type'))) {
      return problem(c, {
        status: 415,
        title: 'Send JSON',
        detail: 'Content-Type must be application/json.',
      });
    }
    const bytes = await c.req.arrayBuffer();
    let text: string;
    try {
      text = decoder.decode(bytes);
    } catch {
      return problem(c, { status: 400, title: 'The body is not valid UTF-8' });
    }
    try {
      JSON.parse(text);
    } catch (error) {
      return problem(c, {
        status: 400,
        title: 'The body is not valid JSON',
        detail: (error as Error).message,
      });
    }
    // The route's validator reads c.req.json(): hand it this text through hono's body cache (which
    // holds promises), instead of a new Response around the bytes to decode them again.
    (c.req.bodyCache as Record<string, unknown>).text = Promise.resolve(text);
    return next();
  };
  return [limit, check];
}

/**
 * Serves the chat widget (apps/widget/dist/widget.js, built by `npm start` / `npm run build`) at
 * `/widget.js`, for customers' sites to embed. Cross-Origin-Resource-Policy allows other sites to load
 * it (packages/http sets it for this path); browsers keep it for five minutes and then revalidate it
 * by its ETag (a 304 costs nothing), so a new version reaches every site within minutes.
 */
import { createHash } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import type { MiddlewareHandler } from 'hono';

export const WIDGET_SCRIPT = fileURLToPath(new URL('../../widget/dist/widget.js', import.meta.url));
export const WIDGET_PATH = '/widget.js';
export const WIDGET_CACHE_CONTROL = 'public, max-age=300, must-revalidate';

interface Loaded {
  key: string;
  body: Uint8Array<ArrayBuffer>;
  gzip: Uint8Array<ArrayBuffer>;
  etag: string;
}

const NOT_BUILT =
  "console.warn('Sofortdesk: the chat widget is not built on this server (npm start or npm run build builds it).');\n";

export function serveWidgetScript(file: string = WIDGET_SCRIPT): MiddlewareHandler {
  let cached: Loaded | undefined;

  async function load(): Promise<Loaded | undefined> {
    let info;
    try {
      info = await stat(file);
    } catch {
      return undefined;
    }
    const key = `${info.size}-${info.mtimeMs}`;
    if (cached?.key === key) return cached;
    const body = new Uint8Array(await readFile(file));
    cached = {
      key,
      body,
      gzip: new Uint8Array(gzipSync(body, { level: 9 })),
      etag: `"${createHash('sha1').update(body).digest('base64url').slice(0, 27)}"`,
    };
    return cached;
  }

  return async (c, next) => {
    if ((c.req.method !== 'GET' && c.req.method !== 'HEAD') || c.req.path !== WIDGET_PATH) return next();
    const entry = await load();
    const type = 'text/javascript; charset=utf-8';
    if (!entry) return c.body(NOT_BUILT, 503, { 'content-type': type, 'cache-control': 'no-store' });
    const headers: Record<string, string> = {
      'content-type': type,
      'cache-control': WIDGET_CACHE_CONTROL,
      etag: entry.etag,
      vary: 'accept-encoding',
    };
    if (c.req.header('if-none-match') === entry.etag) return c.body(null, 304, headers);
    const gzip = /\bgzip\b/.test(c.req.header('accept-encoding') ?? '');
    if (gzip) headers['content-encoding'] = 'gzip';
    return c.body(gzip ? entry.gzip : entry.body, 200, headers);
  };
}

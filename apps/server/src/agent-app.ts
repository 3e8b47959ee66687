/**
 * Serves the built agent workspace (apps/agent/dist, made by `npm start` / `npm run build`) at `/`.
 * Hashed files under /assets/ are cached for a year; index.html is revalidated every time and
 * answers every other path that is not the API's (the app routes in the browser). Registered after
 * the API's routes, so it only sees what they did not answer; /api/* falls through to the 404 problem.
 */
import { createHash } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import type { MiddlewareHandler } from 'hono';

export const AGENT_DIST = fileURLToPath(new URL('../../agent/dist', import.meta.url));

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.json': 'application/json; charset=utf-8',
  '.webmanifest': 'application/manifest+json',
  '.txt': 'text/plain; charset=utf-8',
};
const COMPRESSIBLE = new Set(['.html', '.js', '.css', '.svg', '.json', '.webmanifest', '.txt']);

/** The page may load only its own scripts and styles, talk only to its own origin, be framed by no one. */
export const AGENT_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

interface CachedFile {
  key: string;
  body: Uint8Array<ArrayBuffer>;
  gzip: Uint8Array<ArrayBuffer> | undefined;
  etag: string;
}

const NOT_BUILT = `<!doctype html><html lang="en"><meta charset="utf-8"><title>Sofortdesk</title>
<body style="font-family:system-ui,sans-serif;max-width:40rem;margin:3rem auto;padding:0 1rem">
<h1>The agent workspace is not built</h1>
<p>Run <code>npm start</code> (it builds the app when needed) or <code>npm run build</code>. The API is up:
<a href="/api/docs">/api/docs</a>.</p></body></html>`;

export function serveAgentApp(dist: string = AGENT_DIST): MiddlewareHandler {
  const root = path.resolve(dist);
  const cache = new Map<string, CachedFile>();

  async function load(file: string): Promise<CachedFile | undefined> {
    let info;
    try {
      info = await stat(file);
    } catch {
      return undefined;
    }
    if (!info.isFile()) return undefined;
    const key = `${info.size}-${info.mtimeMs}`;
    const cached = cache.get(file);
    if (cached?.key === key) return cached;
    const body = await readFile(file);
    const extension = path.extname(file);
    const entry: CachedFile = {
      key,
      body: new Uint8Array(body),
      gzip:
        COMPRESSIBLE.has(extension) && body.length > 1024
          ? new Uint8Array(gzipSync(body, { level: 9 }))
          : undefined,
      etag: `"${createHash('sha1').update(body).digest('base64url').slice(0, 27)}"`,
    };
    cache.set(file, entry);
    return entry;
  }

  return async (c, next) => {
    const method = c.req.method;
    const urlPath = c.req.path;
    if ((method !== 'GET' && method !== 'HEAD') || urlPath === '/api' || urlPath.startsWith('/api/'))
      return next();

    let relative: string;
    try {
      relative = decodeURIComponent(urlPath);
    } catch {
      return next();
    }
    // No dotfiles (the build's stamp), no way out of dist.
    const segments = relative.split('/').filter(Boolean);
    if (relative.includes('\0') || segments.some((s) => s.startsWith('.') || s.includes('\\'))) return next();

    let file = path.join(root, ...segments);
    let entry = segments.length > 0 ? await load(file) : undefined;
    const isAsset = segments[0] === 'assets';
    if (!entry) {
      // A missing asset or file is a 404; any other path is a route of the app.
      if (isAsset || path.extname(relative) !== '') return next();
      file = path.join(root, 'index.html');
      entry = await load(file);
      if (!entry) return c.html(NOT_BUILT, 503, { 'cache-control': 'no-store', 'retry-after': '10' });
    }

    const extension = path.extname(file);
    const headers: Record<string, string> = {
      'content-type': TYPES[extension] ?? 'application/octet-stream',
      'cache-control': isAsset ? 'public, max-age=31536000, immutable' : 'no-cache',
      etag: entry.etag,
      vary: 'accept-encoding',
    };
    if (extension === '.html') headers['content-security-policy'] = AGENT_CSP;
    if (c.req.header('if-none-match') === entry.etag) return c.body(null, 304, headers);
    const gzip = entry.gzip && /\bgzip\b/.test(c.req.header('accept-encoding') ?? '');
    if (gzip) headers['content-encoding'] = 'gzip';
    return c.body(gzip ? entry.gzip! : entry.body, 200, headers);
  };
}

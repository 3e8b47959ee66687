import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { Hono } from 'hono';
import { afterAll, describe, expect, it } from 'vitest';
import { AGENT_CSP, serveAgentApp } from './agent-app.ts';

const dist = mkdtempSync(path.join(tmpdir(), 'sofortdesk-agent-'));
mkdirSync(path.join(dist, 'assets'));
const INDEX =
  '<!doctype html><title>Sofortdesk</title><script type="module" src="/assets/index-abc.js"></script>';
const SCRIPT = `console.log(${JSON.stringify('x'.repeat(4000))});`;
writeFileSync(path.join(dist, 'index.html'), INDEX);
writeFileSync(path.join(dist, 'assets', 'index-abc.js'), SCRIPT);
writeFileSync(path.join(dist, 'assets', 'index-abc.css'), 'body{}');
writeFileSync(path.join(dist, 'favicon.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>');
writeFileSync(path.join(dist, '.source-hash'), 'secret');

function appFor(folder: string) {
  const app = new Hono();
  app.get('/api/v1/known', (c) => c.json({ ok: true }));
  app.get('/healthz', (c) => c.json({ status: 'ok' }));
  app.use('*', serveAgentApp(folder));
  app.notFound((c) => c.json({ title: 'No such endpoint' }, 404));
  return app;
}
const app = appFor(dist);

afterAll(() => rmSync(dist, { recursive: true, force: true }));

describe('serving the agent app', () => {
  it('serves index.html at / with a CSP and revalidation', async () => {
    const response = await app.request('/');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(response.headers.get('cache-control')).toBe('no-cache');
    expect(response.headers.get('content-security-policy')).toBe(AGENT_CSP);
    expect(await response.text()).toBe(INDEX);
  });

  it('answers the app routes with index.html (SPA fallback)', async () => {
    for (const route of ['/conversations/abc', '/settings/profile/']) {
      const response = await app.request(route);
      expect(response.status, route).toBe(200);
      expect(await response.text()).toBe(INDEX);
    }
  });

  it('serves hashed assets for a year, with their content type, gzipped when asked', async () => {
    const plain = await app.request('/assets/index-abc.js');
    expect(plain.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(plain.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect(plain.headers.get('content-encoding')).toBeNull();
    expect(await plain.text()).toBe(SCRIPT);

    const zipped = await app.request('/assets/index-abc.js', { headers: { 'accept-encoding': 'gzip, br' } });
    expect(zipped.headers.get('content-encoding')).toBe('gzip');
    expect(zipped.headers.get('vary')).toBe('accept-encoding');
    expect(gunzipSync(Buffer.from(await zipped.arrayBuffer())).toString()).toBe(SCRIPT);

    expect((await app.request('/assets/index-abc.css')).headers.get('content-type')).toBe(
      'text/css; charset=utf-8',
    );
    const icon = await app.request('/favicon.svg');
    expect(icon.headers.get('content-type')).toBe('image/svg+xml');
    expect(icon.headers.get('cache-control')).toBe('no-cache');
  });

  it('answers a matching ETag with 304', async () => {
    const first = await app.request('/assets/index-abc.js');
    const etag = first.headers.get('etag')!;
    expect(etag).toMatch(/^".+"$/);
    const again = await app.request('/assets/index-abc.js', { headers: { 'if-none-match': etag } });
    expect(again.status).toBe(304);
  });

  it('leaves the API, missing assets, dotfiles and escapes alone', async () => {
    expect((await app.request('/api/v1/known')).status).toBe(200);
    expect((await app.request('/healthz')).status).toBe(200);
    for (const route of [
      '/api/v1/nothing',
      '/api',
      '/assets/missing.js',
      '/missing.png',
      '/.source-hash',
      '/assets/%2e%2e/%2e%2e/package.json',
      '/assets/..%5c..%5cindex.html',
    ]) {
      const response = await app.request(route);
      expect(response.status, route).toBe(404);
      expect(await response.json(), route).toEqual({ title: 'No such endpoint' });
    }
    expect((await app.request('/', { method: 'POST' })).status).toBe(404);
  });

  it('says the app is not built when dist is missing, and the API still answers', async () => {
    const bare = appFor(path.join(dist, 'does-not-exist'));
    const response = await bare.request('/');
    expect(response.status).toBe(503);
    expect(await response.text()).toContain('npm start');
    expect((await bare.request('/api/v1/known')).status).toBe(200);
  });
});

import { afterAll, beforeAll, it } from 'vitest';
import { describeEachDatabase } from '@sofortdesk/testing';
import { startTestServer, type TestServer } from './support/server.ts';

describeEachDatabase('probe', (database) => {
  let t: TestServer;
  beforeAll(async () => { t = await startTestServer(database); });
  afterAll(async () => { await t?.close(); await database.drop(); });
  it('probes', async () => {
    const r = async (label: string, method: string, path: string, init: RequestInit = {}) => {
      const res = await fetch(t.url + path, { method, ...init, headers: { authorization: `Bearer ${t.a.adminToken}`, ...(init.headers as any) } });
      console.log(database.kind, label, res.status, (await res.text()).slice(0, 300));
    };
    const j = { 'content-type': 'application/json' };
    await r('url nul mid', 'POST', `/api/v1/inboxes`, { headers: j, body: JSON.stringify({ name: 'x', channel: 'api', webhookUrl: 'http://x.y/a\u0000b' }) });
    await r('url tab', 'POST', `/api/v1/inboxes`, { headers: j, body: JSON.stringify({ name: 'x', channel: 'api', webhookUrl: 'http://x.y/a\tb' }) });
    await r('url surrogate', 'POST', `/api/v1/inboxes`, { headers: j, body: JSON.stringify({ name: 'x', channel: 'api', webhookUrl: 'http://x.y/a\ud800b' }) });
    await r('email odd', 'POST', `/api/v1/agents`, { headers: j, body: JSON.stringify({ email: 'a\u00e4@b.de', name: 'x' }) });
  });
});

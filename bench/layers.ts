/**
 * CPU per inbound message, layer by layer, in one process (no load generator competing for the
 * cores): the use case alone, the Hono app without a socket, and real HTTP through node:http from a
 * keep-alive client in the same process. A tool for work on speed; `npm run bench` is the benchmark.
 *
 *   npx tsx bench/layers.ts [messages=6000] [NORMAL|FULL]
 */
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { loadConfig } from '@sofortdesk/config';
import { ingestInboundMessage } from '@sofortdesk/domain';
import { startServer } from '@sofortdesk/server';
import { ADMIN_EMAIL, ADMIN_PASSWORD, ADMIN_TOKEN } from './lib/server-process.ts';

const total = Number(process.argv[2] ?? 6000);
const synchronous = process.argv[3] === 'FULL' ? 'FULL' : 'NORMAL';
const CONCURRENCY = 32;
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sofortdesk-layers-'));
const server = await startServer(
  loadConfig({
    PORT: '0',
    DATA_DIR: dir,
    SOFORTDESK_DEMO: 'off',
    SOFORTDESK_LOG_LEVEL: 'silent',
    SOFORTDESK_SQLITE_SYNCHRONOUS: synchronous,
    SOFORTDESK_ADMIN_EMAIL: ADMIN_EMAIL,
    SOFORTDESK_ADMIN_PASSWORD: ADMIN_PASSWORD,
    SOFORTDESK_ADMIN_TOKEN: ADMIN_TOKEN,
  }),
);
const token = ADMIN_TOKEN;
const created = await server.app.request('/api/v1/inboxes', {
  method: 'POST',
  headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
  body: JSON.stringify({ name: 'Layers', channel: 'api' }),
});
const inbox = (await created.json()) as { id: string };
const actor = (await server.auth.fromApiToken(token))!;

let n = 0;
const body = () => {
  const i = n++;
  return {
    externalId: `m-${i}`,
    contact: { identifier: `customer-${i % 1000}` },
    text: `Guten Tag, ich habe eine Frage zu meiner Bestellung ${i}.`,
  };
};

async function measure(name: string, send: () => Promise<void>): Promise<void> {
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  let left = total;
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (left-- > 0) await send();
    }),
  );
  const cpu = process.cpuUsage(cpu0);
  const wall = (performance.now() - t0) / 1000;
  const cpuUs = (cpu.user + cpu.system) / total;
  console.log(
    `${name.padEnd(34)} ${(total / wall).toFixed(0).padStart(6)} msg/s  ${cpuUs.toFixed(0).padStart(5)} µs CPU/msg`,
  );
}

const agent = new http.Agent({ keepAlive: true, maxSockets: CONCURRENCY });
const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
const path_ = `/api/v1/inboxes/${inbox.id}/messages`;

for (let round = 0; round < 2; round++) {
  await measure('use case (ingestInboundMessage)', async () => {
    await ingestInboundMessage(server.useCases, actor, { inboxId: inbox.id, ...body() });
  });
  await measure('Hono app.request (no socket)', async () => {
    const res = await server.app.request(path_, { method: 'POST', headers, body: JSON.stringify(body()) });
    if (res.status !== 201) throw new Error(`status ${res.status}: ${await res.text()}`);
  });
  await measure(
    'HTTP (node:http client, same process)',
    () =>
      new Promise<void>((resolve, reject) => {
        const req = http.request(`${server.url}${path_}`, { method: 'POST', headers, agent }, (res) => {
          res.resume();
          res.on('end', () =>
            res.statusCode === 201 ? resolve() : reject(new Error(`status ${res.statusCode}`)),
          );
        });
        req.on('error', reject);
        req.end(JSON.stringify(body()));
      }),
  );
}
agent.destroy();
await server.close();
fs.rmSync(dir, { recursive: true, force: true });

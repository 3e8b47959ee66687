/**
 * Outbound mail survives SIGKILL: agents' replies to mailed questions go out through the job queue
 * while the server (a child OS process) is killed a few times in the middle of sending. Afterwards
 * every reply has reached the relay (a recording sink), and every copy of a reply that went out twice
 * carries the same Message-ID and body: a crash may repeat a mail, never send a different one.
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createTransport } from 'nodemailer';
import { afterAll, expect, it } from 'vitest';
import {
  ADMIN_TOKEN,
  apiCall,
  freePort,
  sleep,
  startServerProcess,
  type ServerProcess,
} from '../bench/lib/server-process.ts';
import { startSmtpSink, type SmtpSink } from './support/smtp-sink.ts';

const REPLIES = 30;
const KILLS = 3;
const ADDRESS = 'hilfe@shop.example.test';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sofortdesk-mail-crash-'));
let sink: SmtpSink | undefined;
let server: ServerProcess | undefined;

afterAll(async () => {
  await server?.kill();
  await sink?.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

it('delivers every reply after kills during sending, a repeated one with the same Message-ID and body', async () => {
  sink = await startSmtpSink();
  const port = await freePort();
  const smtpPort = await freePort();
  // The same key on every start: the inbox's threading key is sealed with it.
  const secretKey = randomBytes(32).toString('base64');
  const start = () =>
    startServerProcess({
      port,
      databaseUrl: `sqlite:${path.join(dir, 'db.sqlite')}`,
      env: {
        DATA_DIR: dir,
        SOFORTDESK_SMTP_PORT: String(smtpPort),
        SOFORTDESK_SMTP_RELAY: sink!.url,
        SOFORTDESK_SECRET_KEY: secretKey,
        // A killed worker's claimed jobs are taken up again after this.
        SOFORTDESK_JOB_LEASE_SECONDS: '2',
      },
      readyTimeoutMs: 20_000,
    });
  server = await start();
  await apiCall(server.url, 'POST', '/api/v1/inboxes', { name: 'Hilfe', channel: 'email', address: ADDRESS });

  // Customers write; each mail opens a conversation.
  const customers = createTransport({ host: '127.0.0.1', port: smtpPort, secure: false, ignoreTLS: true });
  for (let i = 0; i < REPLIES; i++) {
    await customers.sendMail({
      from: `Kunde ${i} <kunde${i}@kunde.example.test>`,
      to: ADDRESS,
      subject: `Frage ${i}`,
      text: `Frage Nummer ${i}`,
    });
  }
  customers.close();
  const { body: page } = await apiCall<{ items: { id: string }[] }>(
    server.url,
    'GET',
    '/api/v1/conversations?limit=100',
  );
  expect(page.items).toHaveLength(REPLIES);

  // Agents answer all of them at once; the worker starts sending at once.
  const replies = await Promise.all(
    page.items.map(async (conversation, i) => {
      const { body } = await apiCall<{ id: string }>(
        server!.url,
        'POST',
        `/api/v1/conversations/${conversation.id}/messages`,
        { text: `Antwort ${i}: wir kümmern uns.` },
        { authorization: `Bearer ${ADMIN_TOKEN}` },
      );
      return body.id;
    }),
  );

  // Kill while sending: whenever a few more mails arrived, SIGKILL, start again.
  for (let kill = 1; kill <= KILLS; kill++) {
    const threshold = Math.min(REPLIES - 1, sink.mails.length + 3);
    const deadline = Date.now() + 30_000;
    while (sink.mails.length < threshold && Date.now() < deadline) await sleep(5);
    await server.kill();
    server = await start();
  }

  // Everything arrives in the end (leases of 2 s run out, jobs retry).
  const deadline = Date.now() + 60_000;
  const ids = new Set<string>();
  for (;;) {
    ids.clear();
    for (const mail of sink.mails) ids.add(mail.parsed.messageId ?? '');
    if (ids.size >= REPLIES || Date.now() > deadline) break;
    await sleep(100);
  }

  // Each reply's Message-ID as stored when it was created, and every copy that arrived.
  const stored = new Map<string, string>();
  for (const conversation of page.items) {
    const { body } = await apiCall<{
      items: { id: string; direction: string; email: { messageId: string } | null }[];
    }>(server.url, 'GET', `/api/v1/conversations/${conversation.id}/messages`);
    for (const message of body.items) {
      if (message.direction === 'out' && replies.includes(message.id))
        stored.set(message.email!.messageId, message.id);
    }
  }
  expect(stored.size).toBe(REPLIES);
  expect([...ids].sort()).toEqual([...stored.keys()].sort());
  const bodies = new Map<string, Set<string>>();
  for (const mail of sink.mails) {
    const id = mail.parsed.messageId!;
    bodies.set(id, (bodies.get(id) ?? new Set()).add(String(mail.parsed.text)));
  }
  for (const [id, texts] of bodies) expect(texts.size, `copies of ${id}`).toBe(1);
  console.log(
    `[mail crash] ${REPLIES} replies, ${KILLS} SIGKILLs while sending: ${sink.mails.length} mails at the relay, ${sink.mails.length - REPLIES} repeated with the same Message-ID`,
  );
}, 120_000);

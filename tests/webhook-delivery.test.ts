/**
 * The API channel's outbound webhook end to end: a real server, a real receiver on 127.0.0.1. An
 * agent's text reply arrives signed and with an Idempotency-Key; an internal note never leaves; a
 * receiver that fails first gets the same delivery again later. With the default settings a webhook
 * to a private address is refused and dead-lettered at once (SSRF).
 */
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, expect, it } from 'vitest';
import { verifySignature } from '@sofortdesk/channels';
import { describeEachDatabase } from '@sofortdesk/testing';
import { api, startTestServer, type TestServer } from './support/server.ts';

interface Delivery {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
  status: number;
  at: number;
}

/** A webhook receiver: records every request and answers with the next queued status (200 when none). */
async function startReceiver() {
  const deliveries: Delivery[] = [];
  const statuses: number[] = [];
  let notify: (() => void) | undefined;
  const server: Server = createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => (body += chunk));
    req.on('end', () => {
      const status = statuses.shift() ?? 200;
      deliveries.push({
        method: req.method!,
        path: req.url!,
        headers: req.headers,
        body,
        status,
        at: Date.now(),
      });
      res.writeHead(status, { 'content-type': 'text/plain' }).end(status === 200 ? 'ok' : 'broken');
      notify?.();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/hook`,
    deliveries,
    /** Answers the next requests with these statuses. */
    failNext: (...codes: number[]) => statuses.push(...codes),
    /** Waits until `count` deliveries have arrived in all. */
    waitFor: (count: number, timeoutMs = 10_000) =>
      new Promise<Delivery[]>((resolve, reject) => {
        const check = () => {
          if (deliveries.length < count) return false;
          clearTimeout(timer);
          notify = undefined;
          resolve(deliveries.slice(0, count));
          return true;
        };
        const timer = setTimeout(() => {
          notify = undefined;
          reject(new Error(`${deliveries.length} of ${count} deliveries within ${timeoutMs} ms`));
        }, timeoutMs);
        if (!check()) notify = check;
      }),
    reset: () => {
      deliveries.length = 0;
      statuses.length = 0;
    },
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

describeEachDatabase('API channel webhook delivery', (database) => {
  let t: TestServer;
  let receiver: Awaited<ReturnType<typeof startReceiver>>;
  let inboxId: string;
  let secret: string;
  let n = 0;

  beforeAll(async () => {
    // The receiver runs on loopback, which webhooks may reach only when the operator allows it.
    t = await startTestServer(database, { SOFORTDESK_WEBHOOK_PRIVATE_NETWORKS: 'on' });
    receiver = await startReceiver();
    const created = await api(t.url, t.a.adminToken, 'POST', '/api/v1/inboxes', {
      name: 'App mit Webhook',
      channel: 'api',
      webhookUrl: receiver.url,
      agentIds: [t.a.agent.id],
    });
    expect(created.status).toBe(201);
    expect(created.body.webhookSecret).toMatch(/^[0-9a-f]{64}$/);
    inboxId = created.body.id;
    secret = created.body.webhookSecret;
  });
  beforeEach(() => receiver.reset());
  afterAll(async () => {
    await t?.close();
    await receiver?.close();
    await database.drop();
  });

  async function conversation(): Promise<string> {
    const response = await api(t.url, t.a.adminToken, 'POST', `/api/v1/inboxes/${inboxId}/messages`, {
      externalId: `hook-${++n}`,
      contact: { identifier: `hook-customer-${n}` },
      text: 'Wo bleibt meine Bestellung?',
    });
    expect(response.status).toBe(201);
    return response.body.conversationId as string;
  }

  async function reply(conversationId: string, kind: 'text' | 'note', text: string) {
    const response = await api(
      t.url,
      t.a.agentToken,
      'POST',
      `/api/v1/conversations/${conversationId}/messages`,
      { kind, text },
    );
    expect(response.status).toBe(201);
    return response.body as { id: string; kind: string };
  }

  const jobsFor = (messageId: string) =>
    t.server.connection.db
      .selectFrom('jobs')
      .selectAll()
      .where('idempotency_key', '=', `api.deliver-message:${messageId}`)
      .execute();

  function expectSignedDelivery(delivery: Delivery, messageId: string, conversationId: string, text: string) {
    expect(delivery).toMatchObject({ method: 'POST', path: '/hook' });
    expect(delivery.headers['content-type']).toBe('application/json');
    expect(delivery.headers['idempotency-key']).toBe(`api.deliver-message:${messageId}`);
    const signature = delivery.headers['x-sofortdesk-signature'] as string;
    expect(verifySignature(secret, delivery.body, signature)).toBe(true);
    // It is the body and the secret that the signature vouches for.
    expect(verifySignature('0'.repeat(64), delivery.body, signature)).toBe(false);
    expect(verifySignature(secret, delivery.body.replace(text, `${text}!`), signature)).toBe(false);
    expect(JSON.parse(delivery.body)).toEqual({
      type: 'message.created',
      message: {
        id: messageId,
        conversationId,
        inboxId,
        text,
        attachments: [],
        createdAt: expect.any(String),
      },
    });
  }

  it("delivers an agent's text reply, signed, with an Idempotency-Key (and not the customer's own message)", async () => {
    const conversationId = await conversation();
    const text = 'Ihre Bestellung ist unterwegs.';
    const message = await reply(conversationId, 'text', text);
    const [delivery] = await receiver.waitFor(1);
    expectSignedDelivery(delivery!, message.id, conversationId, text);
    // Exactly once, and the job is done.
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(receiver.deliveries).toHaveLength(1);
    expect(await jobsFor(message.id)).toMatchObject([{ status: 'done', attempts: 1 }]);
  });

  it('never delivers an internal note', async () => {
    const conversationId = await conversation();
    const note = await reply(conversationId, 'note', 'Kunde ist VIP, bitte priorisieren.');
    expect(note.kind).toBe('note');
    expect(await jobsFor(note.id)).toEqual([]);
    // A text reply after the note is delivered; the note never is.
    const text = 'Wir kümmern uns sofort darum.';
    const message = await reply(conversationId, 'text', text);
    const [delivery] = await receiver.waitFor(1);
    expectSignedDelivery(delivery!, message.id, conversationId, text);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(receiver.deliveries).toHaveLength(1);
    expect(receiver.deliveries.some((d) => d.body.includes(note.id) || d.body.includes('VIP'))).toBe(false);
  });

  it('retries a delivery the receiver refused, with the same Idempotency-Key, and delivers it later', async () => {
    const conversationId = await conversation();
    receiver.failNext(500);
    const text = 'Zweiter Versuch klappt.';
    const message = await reply(conversationId, 'text', text);
    const [refused, accepted] = await receiver.waitFor(2, 15_000);
    expect(refused!.status).toBe(500);
    expect(accepted!.status).toBe(200);
    expectSignedDelivery(refused!, message.id, conversationId, text);
    expectSignedDelivery(accepted!, message.id, conversationId, text);
    expect(accepted!.body).toBe(refused!.body);
    // Retried after a backoff (the first delay is 2 s ± 20 %), not at once.
    expect(accepted!.at - refused!.at).toBeGreaterThanOrEqual(1500);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(receiver.deliveries).toHaveLength(2);
    const [job] = await jobsFor(message.id);
    expect(job).toMatchObject({ status: 'done', attempts: 2, last_error: null });
  });

  it('sends nothing for replies in an inbox without a webhook', async () => {
    const response = await api(t.url, t.a.adminToken, 'POST', `/api/v1/inboxes/${t.a.inbox.id}/messages`, {
      externalId: `no-hook-${++n}`,
      contact: { identifier: `no-hook-${n}` },
      text: 'Hallo',
    });
    const message = await reply(response.body.conversationId, 'text', 'Antwort ohne Webhook');
    expect(await jobsFor(message.id)).toEqual([]);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(receiver.deliveries).toHaveLength(0);
  });
});

describeEachDatabase('API channel webhooks to private addresses (default settings)', (database) => {
  let t: TestServer;
  let receiver: Awaited<ReturnType<typeof startReceiver>>;

  beforeAll(async () => {
    t = await startTestServer(database);
    receiver = await startReceiver();
  });
  afterAll(async () => {
    await t?.close();
    await receiver?.close();
    await database.drop();
  });

  it('refuses to call loopback and dead-letters the delivery at once instead of retrying', async () => {
    // "localhost" goes through DNS; the check runs on the address the socket would use.
    const url = receiver.url.replace('127.0.0.1', 'localhost');
    const inbox = await api(t.url, t.a.adminToken, 'POST', '/api/v1/inboxes', {
      name: 'Webhook ins eigene Netz',
      channel: 'api',
      webhookUrl: url,
    });
    expect(inbox.status).toBe(201);
    const inbound = await api(t.url, t.a.adminToken, 'POST', `/api/v1/inboxes/${inbox.body.id}/messages`, {
      externalId: 'ssrf-1',
      contact: { identifier: 'ssrf-customer' },
      text: 'Hallo',
    });
    const reply = await api(
      t.url,
      t.a.adminToken,
      'POST',
      `/api/v1/conversations/${inbound.body.conversationId}/messages`,
      { kind: 'text', text: 'Antwort' },
    );
    expect(reply.status).toBe(201);
    const job = await waitForJob(t, `api.deliver-message:${reply.body.id}`, 'dead');
    expect(job).toMatchObject({ status: 'dead', attempts: 1 });
    expect(job.last_error).toMatch(/not a public internet address/);
    expect(receiver.deliveries).toHaveLength(0);
  });
});

async function waitForJob(t: TestServer, idempotencyKey: string, status: string, timeoutMs = 10_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const job = await t.server.connection.db
      .selectFrom('jobs')
      .selectAll()
      .where('idempotency_key', '=', idempotencyKey)
      .executeTakeFirst();
    if (job?.status === status) return job;
    if (Date.now() > deadline)
      throw new Error(`job ${idempotencyKey} is ${job?.status ?? 'missing'}, not ${status}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

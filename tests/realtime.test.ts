/**
 * The realtime gateway end to end, on a real server over real sockets, on each database: the ready
 * frame, live events with cursors growing by one, replay with ?after= (including bursts while the
 * client was away and while it reconnects), inbox membership, tenant isolation, and the upgrade's
 * authentication (Bearer, session cookie with an Origin check).
 */
import { request } from 'node:http';
import { sql } from 'kysely';
import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import type { BusSignal } from '@sofortdesk/bus';
import { KyselyUnitOfWork } from '@sofortdesk/db';
import { ingestInboundMessage, systemClock, type DomainEvent } from '@sofortdesk/domain';
import { describeEachDatabase } from '@sofortdesk/testing';
import { api, startTestServer, type TestServer } from './support/server.ts';
import { closeAllSockets, TestSocket, upgradeStatus, type Frame } from './support/ws.ts';

describeEachDatabase('realtime gateway', (database) => {
  let t: TestServer;
  let n = 0;

  beforeAll(async () => {
    t = await startTestServer(database);
  });
  afterEach(async () => {
    await closeAllSockets();
  });
  afterAll(async () => {
    await closeAllSockets();
    await t?.close();
    await database.drop();
  });

  /** A customer message on an inbox; a new contact (and so a new conversation) unless one is given. */
  async function inbound(token: string, inboxId: string, contact = `customer-${++n}`) {
    const response = await api(t.url, token, 'POST', `/api/v1/inboxes/${inboxId}/messages`, {
      externalId: `ext-${++n}`,
      contact: { identifier: contact },
      text: `Nachricht ${n}`,
    });
    expect(response.status).toBe(201);
    return response.body as { messageId: string; conversationId: string; contactId: string };
  }

  /** The account's events after a cursor, as the database has them (via the HTTP API). */
  async function eventsAfter(token: string, after: number): Promise<Frame[]> {
    const response = await api(t.url, token, 'GET', `/api/v1/events?after=${after}&limit=1000`);
    expect(response.status).toBe(200);
    return response.body.items as Frame[];
  }

  const connect = (token: string, options: { after?: number | string; inboxId?: string } = {}) =>
    TestSocket.connect(t.url, { token, ...options });

  async function ready(socket: TestSocket): Promise<number> {
    const frame = await socket.next();
    expect(frame).toEqual({ type: 'ready', cursor: expect.any(Number) });
    return frame.cursor;
  }

  it('sends ready first, then conversation.created and message.created with cursors growing by one', async () => {
    const before = await api(t.url, t.a.adminToken, 'GET', '/api/v1/events?after=0&limit=1000');
    const socket = await connect(t.a.adminToken);
    const cursor = await ready(socket);
    expect(cursor).toBe(before.body.lastCursor);

    const posted = await inbound(t.a.adminToken, t.a.inbox.id, 'erika');
    const [created, message] = await socket.take(2);
    expect(created).toMatchObject({
      type: 'conversation.created',
      cursor: cursor + 1,
      inboxId: t.a.inbox.id,
      conversationId: posted.conversationId,
      data: {
        conversation: {
          id: posted.conversationId,
          inboxId: t.a.inbox.id,
          contactId: posted.contactId,
          status: 'open',
        },
      },
    });
    expect(message).toMatchObject({
      type: 'message.created',
      cursor: cursor + 2,
      inboxId: t.a.inbox.id,
      conversationId: posted.conversationId,
      data: {
        message: {
          id: posted.messageId,
          direction: 'in',
          kind: 'text',
          conversationId: posted.conversationId,
        },
      },
    });
    // Internal fields stay inside.
    expect(JSON.stringify([created, message])).not.toContain('accountId');

    // The same customer again: the conversation continues, one event.
    const again = await inbound(t.a.adminToken, t.a.inbox.id, 'erika');
    expect(again.conversationId).toBe(posted.conversationId);
    expect(await socket.next()).toMatchObject({
      type: 'message.created',
      cursor: cursor + 3,
      data: { message: { id: again.messageId } },
    });
    expect(await socket.unreadAfter(200)).toEqual([]);
  });

  it('replays exactly what a client missed, in order and without repeats, then continues live', async () => {
    const first = await connect(t.a.adminToken);
    await ready(first);
    await inbound(t.a.adminToken, t.a.inbox.id);
    const [, seen] = await first.take(2);
    const last = seen!.cursor;
    await first.close();

    // A burst while the client is away: new conversations and follow-ups, in parallel.
    await Promise.all(
      Array.from({ length: 8 }, (_, i) =>
        inbound(t.a.adminToken, i % 2 ? t.a.inbox.id : t.a.otherInbox.id, `away-${i % 3}`),
      ),
    );
    // Another burst racing the reconnect, so events commit while the gateway replays.
    const racing = (async () => {
      for (let round = 0; round < 4; round++) {
        await Promise.all(
          [0, 1, 2].map((i) => inbound(t.a.adminToken, t.a.inbox.id, `racing-${round}-${i}`)),
        );
      }
    })();
    const second = await connect(t.a.adminToken, { after: last });
    await racing;

    const expected = await eventsAfter(t.a.adminToken, last);
    expect(expected.length).toBeGreaterThanOrEqual(8 + 24);
    const lastExpected = expected.at(-1)!.cursor;
    let sawReady = false;
    const frames = await second.takeUntil((so) => {
      sawReady ||= so.at(-1)!.type === 'ready';
      return sawReady && so.some((f) => f.type !== 'ready' && f.cursor === lastExpected);
    }, 10_000);
    const events = frames.filter((f) => f.type !== 'ready');
    const readies = frames.filter((f) => f.type === 'ready');
    expect(readies).toHaveLength(1);
    // Exactly the database's events after the cursor: same order, nothing missing, nothing twice.
    expect(events.map((f) => f.cursor)).toEqual(expected.map((e) => e.cursor));
    expect(events.map((f) => f.cursor)).toEqual(
      Array.from({ length: events.length }, (_, i) => last + 1 + i),
    );
    expect(events).toEqual(expected);
    // ready names the cursor the replay reached: the event right before it (or the resume cursor).
    const readyAt = frames.indexOf(readies[0]!);
    expect(readies[0]!.cursor).toBe(readyAt === 0 ? last : frames[readyAt - 1]!.cursor);

    // And then live.
    const live = await inbound(t.a.adminToken, t.a.inbox.id);
    const [created, message] = await second.take(2);
    expect(created).toMatchObject({
      type: 'conversation.created',
      cursor: lastExpected + 1,
      conversationId: live.conversationId,
    });
    expect(message).toMatchObject({
      type: 'message.created',
      cursor: lastExpected + 2,
      data: { message: { id: live.messageId } },
    });
    expect(await second.unreadAfter(200)).toEqual([]);
  });

  it('replays nothing but ready for a client that is up to date, and ready alone when ?after=0 on an empty account', async () => {
    const socket = await connect(t.a.adminToken);
    const cursor = await ready(socket);
    const resumed = await connect(t.a.adminToken, { after: cursor });
    expect(await resumed.next()).toEqual({ type: 'ready', cursor });
    expect(await resumed.unreadAfter(150)).toEqual([]);
  });

  it('restarts a client whose cursor lies beyond the end of the stream from now, and says so', async () => {
    const socket = await connect(t.a.adminToken);
    const cursor = await ready(socket);
    const ahead = await connect(t.a.adminToken, { after: cursor + 1000 });
    expect(await ahead.next()).toEqual({ type: 'ready', cursor, reset: true });
    // The next event reaches it, instead of being swallowed by the bogus cursor.
    const post = await api(t.url, t.a.adminToken, 'POST', `/api/v1/inboxes/${t.a.inbox.id}/messages`, {
      externalId: `reset-${Date.now()}`,
      contact: { identifier: 'reset-user' },
      text: 'Hallo',
    });
    expect(post.status).toBe(201);
    const frames = await ahead.takeUntil((seen) => seen.some((f) => f.type === 'message.created'));
    expect(frames[0]!.cursor).toBe(cursor + 1);
  });

  /** Resolves once the server's bus has handed the gateway a signal reaching `cursor` for the account. */
  function signalled(accountId: string, cursor: number): Promise<void> {
    return new Promise((resolve) => {
      const off = t.server.bus.onSignal((signal: BusSignal) => {
        const reached =
          (signal.kind === 'event' &&
            signal.event.accountId === accountId &&
            signal.event.cursor >= cursor) ||
          (signal.kind === 'pointer' && signal.accountId === accountId && signal.cursor >= cursor);
        if (reached) {
          off();
          resolve();
        }
      });
    });
  }

  /**
   * Runs `during` inside the gateway's next replay read for the account: before the read (the new
   * events are in the database and were signalled while the client catches up) or after it (the
   * page the gateway holds is already stale).
   */
  function duringNextReplayRead(
    accountId: string,
    when: 'before-read' | 'after-read',
    during: () => Promise<void>,
  ) {
    const events = t.server.useCases.uow.repos.events;
    const original = events.listAfter.bind(events);
    let ran: Promise<void> | undefined;
    events.listAfter = async (account, cursor, limit) => {
      if (account !== accountId) return original(account, cursor, limit);
      events.listAfter = original;
      if (when === 'before-read') {
        await (ran = during());
        return original(account, cursor, limit);
      }
      const page = await original(account, cursor, limit);
      await (ran = during());
      return page;
    };
    return {
      done: async () => {
        await ran;
        events.listAfter = original;
      },
    };
  }

  for (const when of ['before-read', 'after-read'] as const) {
    it(`sends events committed during the replay (${when}) once each, in order, before going live`, async () => {
      const probe = await connect(t.a.adminToken);
      const start = await ready(probe);
      await probe.close();
      let posted: { conversationId: string } | undefined;
      const gate = duringNextReplayRead(t.a.accountId, when, async () => {
        const heard = signalled(t.a.accountId, start + 2);
        posted = await inbound(t.a.adminToken, t.a.inbox.id);
        await heard; // the gateway has seen the signals while it is still catching up
      });
      const socket = await connect(t.a.adminToken, { after: start });
      const frames = await socket.takeUntil((so) => so.at(-1)!.type === 'ready');
      await gate.done();
      expect(posted).toBeDefined();
      expect(frames.map((f) => [f.type, f.cursor])).toEqual([
        ['conversation.created', start + 1],
        ['message.created', start + 2],
        ['ready', start + 2],
      ]);
      expect(frames[0]!.conversationId).toBe(posted!.conversationId);
      // Live afterwards, without repeating anything.
      await inbound(t.a.adminToken, t.a.inbox.id);
      expect((await socket.take(2)).map((f) => f.cursor)).toEqual([start + 3, start + 4]);
      expect(await socket.unreadAfter(200)).toEqual([]);
    });
  }

  it('fills a gap from the database when a signal was lost', async () => {
    const socket = await connect(t.a.adminToken);
    const start = await ready(socket);
    // Committed without any signal, as if the notification had been lost.
    const silent = new KyselyUnitOfWork(t.server.connection, systemClock);
    const unheard = await ingestInboundMessage({ uow: silent, clock: systemClock }, t.a.adminActor, {
      inboxId: t.a.inbox.id,
      externalId: `silent-${++n}`,
      contact: { identifier: `silent-${n}` },
      text: 'nobody rang the bell',
    });
    expect(await socket.unreadAfter(150)).toEqual([]);
    // The next signalled event reveals the gap: the gateway reads what it missed, in order.
    const heard = await inbound(t.a.adminToken, t.a.inbox.id);
    const frames = await socket.take(4);
    expect(frames.map((f) => [f.type, f.cursor, f.conversationId])).toEqual([
      ['conversation.created', start + 1, unheard.conversationId],
      ['message.created', start + 2, unheard.conversationId],
      ['conversation.created', start + 3, heard.conversationId],
      ['message.created', start + 4, heard.conversationId],
    ]);
    expect(await socket.unreadAfter(200)).toEqual([]);
  });

  it('does not send an event twice when its signal comes again (late or repeated notification)', async () => {
    const socket = await connect(t.a.adminToken);
    const start = await ready(socket);
    await inbound(t.a.adminToken, t.a.inbox.id);
    expect((await socket.take(2)).map((f) => f.cursor)).toEqual([start + 1, start + 2]);

    const [old] = await t.server.useCases.uow.repos.events.listAfter(t.a.accountId, start, 1);
    const heard = signalled(t.a.accountId, start + 1);
    await resignal(old!);
    await heard;
    expect(await socket.unreadAfter(200)).toEqual([]);
    await inbound(t.a.adminToken, t.a.inbox.id);
    expect((await socket.take(2)).map((f) => f.cursor)).toEqual([start + 3, start + 4]);
  });

  it('delivers an event too large for a notification (sent as a pointer) from the database', async () => {
    const socket = await connect(t.a.adminToken);
    const start = await ready(socket);
    const text = 'Sehr lange Nachricht. '.repeat(500); // ~11 kB: over the 7000-byte NOTIFY limit
    const response = await api(t.url, t.a.adminToken, 'POST', `/api/v1/inboxes/${t.a.inbox.id}/messages`, {
      externalId: `long-${++n}`,
      contact: { identifier: `long-${n}` },
      text,
    });
    expect(response.status).toBe(201);
    const [created, message] = await socket.take(2);
    expect(created).toMatchObject({ type: 'conversation.created', cursor: start + 1 });
    expect(message).toMatchObject({
      type: 'message.created',
      cursor: start + 2,
      data: { message: { id: response.body.messageId } },
    });
    expect(message!.data.message.text).toBe(text);
    expect(await socket.unreadAfter(200)).toEqual([]);
  });

  /** Sends an already delivered event's signal again, the way each bus would carry it. */
  async function resignal(event: DomainEvent): Promise<void> {
    if (t.server.bus.kind === 'local') {
      t.server.bus.outboxHooks.afterCommit?.([event], false);
      return;
    }
    const channel = `sofortdesk_events_${database.schema}`;
    await sql`select pg_notify(${channel}, ${JSON.stringify(event)})`.execute(t.server.connection.db);
  }

  it('gives an agent only the events of inboxes they are a member of, live and on replay', async () => {
    const admin = await connect(t.a.adminToken);
    const agent = await connect(t.a.agentToken);
    const start = await ready(admin);
    expect(await ready(agent)).toBe(start);

    const hidden = await inbound(t.a.adminToken, t.a.otherInbox.id);
    const visible = await inbound(t.a.adminToken, t.a.inbox.id);
    const all = await admin.take(4);
    expect(all.map((f) => [f.type, f.inboxId])).toEqual([
      ['conversation.created', t.a.otherInbox.id],
      ['message.created', t.a.otherInbox.id],
      ['conversation.created', t.a.inbox.id],
      ['message.created', t.a.inbox.id],
    ]);
    const mine = await agent.take(2);
    expect(mine).toEqual(all.slice(2));
    expect(mine.map((f) => f.conversationId)).toEqual([visible.conversationId, visible.conversationId]);
    expect(await agent.unreadAfter(200)).toEqual([]);

    // Replay filters the same way, and ready still moves past the hidden events.
    const replay = await connect(t.a.agentToken, { after: start });
    const frames = await replay.takeUntil((so) => so.at(-1)!.type === 'ready');
    expect(frames).toEqual([...all.slice(2), { type: 'ready', cursor: start + 4 }]);
    expect(JSON.stringify(frames)).not.toContain(hidden.conversationId);

    // An inbox filter on a foreign inbox is refused; on their own inbox it is fine.
    expect(await upgradeStatus(t.url, { token: t.a.agentToken, inboxId: t.a.otherInbox.id })).toBe(404);
    expect(await upgradeStatus(t.url, { token: t.a.agentToken, inboxId: t.a.inbox.id })).toBe(101);
  });

  it("never sends one tenant's events to another", async () => {
    const b = await connect(t.b.adminToken);
    const a = await connect(t.a.adminToken);
    const bStart = await ready(b);
    await ready(a);

    const aPosted = await inbound(t.a.adminToken, t.a.inbox.id);
    await a.take(2); // a has it: b would have had it by now too, had it been sent
    const bPosted = await inbound(t.b.adminToken, t.b.inbox.id);
    const bFrames = await b.take(2);
    expect(bFrames.map((f) => [f.type, f.cursor, f.inboxId, f.conversationId])).toEqual([
      ['conversation.created', bStart + 1, t.b.inbox.id, bPosted.conversationId],
      ['message.created', bStart + 2, t.b.inbox.id, bPosted.conversationId],
    ]);
    expect(await b.unreadAfter(200)).toEqual([]);

    // Replay from the very beginning holds only b's own events.
    const replay = await connect(t.b.adminToken, { after: 0 });
    const frames = await replay.takeUntil((so) => so.at(-1)!.type === 'ready');
    const bInboxes = [t.b.inbox.id, t.b.otherInbox.id];
    expect(
      frames
        .filter((f) => f.type !== 'ready')
        .every((f) => f.inboxId === null || bInboxes.includes(f.inboxId!)),
    ).toBe(true);
    expect(JSON.stringify(frames)).not.toContain(aPosted.conversationId);
    expect(JSON.stringify(frames)).not.toContain(t.a.inbox.id);
    // Nor can b ask for a's inbox.
    expect(await upgradeStatus(t.url, { token: t.b.adminToken, inboxId: t.a.inbox.id })).toBe(404);
  });

  it('refuses an unauthenticated upgrade with 401 and a malformed cursor with 400', async () => {
    expect(await upgradeStatus(t.url)).toBe(401);
    expect(await upgradeStatus(t.url, { token: 'sdt_not-a-real-token' })).toBe(401);
    expect(
      await upgradeStatus(t.url, {
        headers: { authorization: `Basic ${Buffer.from('a:b').toString('base64')}` },
      }),
    ).toBe(401);
    expect(await upgradeStatus(t.url, { token: t.a.adminToken, after: 'abc' })).toBe(400);
    expect(await upgradeStatus(t.url, { token: t.a.adminToken, after: '-1' })).toBe(400);
    expect(await upgradeStatus(t.url, { token: t.a.adminToken, after: '1.5' })).toBe(400);
    expect(await upgradeStatus(t.url, { token: t.a.adminToken, after: 3 })).toBe(101);

    // The refusal is a proper HTTP answer with a problem body.
    const refused = await rawUpgrade(`${t.url}/api/v1/realtime?after=abc`);
    expect(refused.status).toBe(400);
    expect(refused.contentType).toBe('application/problem+json');
    expect(JSON.parse(refused.body)).toMatchObject({ status: 400 });
    expect((await rawUpgrade(`${t.url}/api/v1/realtime`)).status).toBe(401);
    expect((await rawUpgrade(`${t.url}/api/v1/not-realtime`)).status).toBe(404);
  });

  it('accepts a session cookie from the same origin and refuses it from another', async () => {
    const email = `cookie-agent-${++n}@example.test`;
    const password = 'correct horse battery staple';
    const created = await api(t.url, t.a.adminToken, 'POST', '/api/v1/agents', {
      email,
      name: 'Cora Cookie',
      role: 'agent',
      password,
      inboxIds: [t.a.inbox.id],
    });
    expect(created.status).toBe(201);
    const login = await fetch(`${t.url}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email, password }),
    });
    expect(login.status).toBe(200);
    const sessionCookie = login.headers
      .getSetCookie()
      .find((c) => c.startsWith('sofortdesk_session='))!
      .split(';')[0]!;
    const cookie = { cookie: sessionCookie };

    const sameOrigin = await TestSocket.connect(t.url, { headers: cookie, origin: t.url });
    const cursor = await ready(sameOrigin);
    const posted = await inbound(t.a.adminToken, t.a.inbox.id);
    expect(await sameOrigin.take(2)).toMatchObject([
      { type: 'conversation.created', cursor: cursor + 1, conversationId: posted.conversationId },
      { type: 'message.created', cursor: cursor + 2 },
    ]);

    expect(await upgradeStatus(t.url, { headers: cookie, origin: 'https://evil.example' })).toBe(401);
    expect(await upgradeStatus(t.url, { headers: cookie, origin: t.url.replace(/:\d+$/, ':1') })).toBe(401);
    expect(await upgradeStatus(t.url, { headers: cookie, origin: 'null' })).toBe(401);
    expect(
      await upgradeStatus(t.url, { headers: { cookie: 'sofortdesk_session=sds_forged' }, origin: t.url }),
    ).toBe(401);
  });
});

/** A bare upgrade request: the status, content type and body of a refusal. */
function rawUpgrade(url: string): Promise<{ status: number; contentType: string | undefined; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(url, {
      headers: {
        connection: 'Upgrade',
        upgrade: 'websocket',
        'sec-websocket-version': '13',
        'sec-websocket-key': 'dGhlIHNhbXBsZSBub25jZQ==',
      },
      timeout: 5000,
    });
    req.on('upgrade', (_res, socket) => {
      socket.destroy();
      resolve({ status: 101, contentType: undefined, body: '' });
    });
    req.on('response', (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () =>
        resolve({ status: res.statusCode ?? 0, contentType: res.headers['content-type'], body }),
      );
    });
    req.on('timeout', () => req.destroy(new Error('upgrade timed out')));
    req.on('error', reject);
    req.end();
  });
}

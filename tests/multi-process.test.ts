/**
 * Several Sofortdesk processes on one PostgreSQL: events travel between them by LISTEN/NOTIFY and
 * jobs are run by whichever process has the worker role. Three set-ups: two full servers in this
 * process on one schema; the roles split over three servers (web, worker, realtime); and the real
 * CLI started as a separate OS process running only the worker, on a database of its own.
 * PostgreSQL only: skipped, with the reason in its name, when none answers.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import pg from 'pg';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '@sofortdesk/server';
import {
  createTestDatabase,
  postgresProblem,
  TEST_DATABASE_URL,
  type TestDatabase,
} from '@sofortdesk/testing';
import { api, tenant, testConfig, type TenantFixture } from './support/server.ts';
import { closeAllSockets, TestSocket, upgradeStatus, type Frame } from './support/ws.ts';

const describePostgres = postgresProblem ? describe.skip : describe;
const suffix = postgresProblem ? ` (skipped: ${postgresProblem})` : '';

let n = 0;
async function inbound(url: string, token: string, inboxId: string) {
  const response = await api(url, token, 'POST', `/api/v1/inboxes/${inboxId}/messages`, {
    externalId: `mp-${process.pid}-${++n}`,
    contact: { identifier: `mp-customer-${n}` },
    text: `Nachricht ${n}`,
  });
  expect(response.status).toBe(201);
  return response.body as { messageId: string; conversationId: string };
}

async function ready(socket: TestSocket): Promise<number> {
  const frame = await socket.next();
  expect(frame).toEqual({ type: 'ready', cursor: expect.any(Number) });
  return frame.cursor;
}

/** Snoozes a conversation for `ms`, then waits on the socket for the worker to reopen it. */
async function snoozeAndAwaitReopen(
  webUrl: string,
  token: string,
  socket: TestSocket,
  conversationId: string,
  ms: number,
) {
  const snoozedUntil = new Date(Date.now() + ms).toISOString();
  const patched = await api(webUrl, token, 'PATCH', `/api/v1/conversations/${conversationId}`, {
    status: 'snoozed',
    snoozedUntil,
  });
  expect(patched.status).toBe(200);
  expect(patched.body).toMatchObject({ status: 'snoozed', snoozedUntil });
  const snoozed = await socket.next();
  expect(snoozed).toMatchObject({
    type: 'conversation.updated',
    conversationId,
    data: { conversation: { status: 'snoozed', snoozedUntil } },
  });
  const reopened = await socket.next(ms + 10_000);
  expect(reopened).toMatchObject({
    type: 'conversation.updated',
    cursor: snoozed.cursor + 1,
    conversationId,
    data: { conversation: { status: 'open', snoozedUntil: null }, changes: ['status', 'snoozedUntil'] },
  });
  // Not before its time.
  expect(Date.parse(reopened.createdAt!)).toBeGreaterThanOrEqual(Date.parse(snoozedUntil));
  return { snoozed, reopened };
}

/** The value of sofortdesk_jobs_total for a type and outcome in a process's /metrics (0 when absent). */
async function jobsTotal(url: string, type: string, outcome: string): Promise<number> {
  const text = await (await fetch(`${url}/metrics`)).text();
  const line = text
    .split('\n')
    .find((l) => l.startsWith(`sofortdesk_jobs_total{type="${type}",outcome="${outcome}"}`));
  return line ? Number(line.split(' ').at(-1)) : 0;
}

/**
 * The handler's change (and its event) commits before the worker records the job as done: wait for
 * the counters to reach `total`, then make sure they stay there.
 */
async function expectJobsDone(
  urls: string[],
  total: number,
  type = 'conversation.unsnooze',
): Promise<number[]> {
  const read = () => Promise.all(urls.map((url) => jobsTotal(url, type, 'done')));
  const until = Date.now() + 5000;
  let counts = await read();
  while (counts.reduce((x, y) => x + y, 0) < total && Date.now() < until) {
    await new Promise((resolve) => setTimeout(resolve, 25));
    counts = await read();
  }
  await new Promise((resolve) => setTimeout(resolve, 200));
  counts = await read();
  expect(counts.reduce((x, y) => x + y, 0)).toBe(total);
  return counts;
}

describePostgres(`several processes on one PostgreSQL${suffix}`, () => {
  afterEach(async () => {
    await closeAllSockets();
  });

  describe('two full servers on one schema', () => {
    let database: TestDatabase;
    let one: RunningServer;
    let two: RunningServer;
    let a: TenantFixture;

    beforeAll(async () => {
      database = createTestDatabase('postgres');
      one = await startServer(testConfig(database), { schema: database.schema });
      two = await startServer(testConfig(database), { schema: database.schema });
      a = await tenant(one, 'A');
    });
    afterAll(async () => {
      await closeAllSockets();
      await one?.close();
      await two?.close();
      await database?.drop();
    });

    it('uses the PostgreSQL bus in both', () => {
      expect([one.bus.kind, two.bus.kind]).toEqual(['postgres', 'postgres']);
    });

    it('sends a client on server 1 the events of messages posted to server 2, and the other way round', async () => {
      const onOne = await TestSocket.connect(one.url, { token: a.adminToken });
      const onTwo = await TestSocket.connect(two.url, { token: a.agentToken });
      const start = await ready(onOne);
      expect(await ready(onTwo)).toBe(start);

      const viaTwo = await inbound(two.url, a.adminToken, a.inbox.id);
      const framesOne = await onOne.take(2);
      expect(framesOne.map((f) => [f.type, f.cursor, f.conversationId])).toEqual([
        ['conversation.created', start + 1, viaTwo.conversationId],
        ['message.created', start + 2, viaTwo.conversationId],
      ]);
      expect(await onTwo.take(2)).toEqual(framesOne);

      const viaOne = await inbound(one.url, a.adminToken, a.inbox.id);
      const framesTwo = await onTwo.take(2);
      expect(framesTwo.map((f) => [f.cursor, f.conversationId])).toEqual([
        [start + 3, viaOne.conversationId],
        [start + 4, viaOne.conversationId],
      ]);
      expect(await onOne.take(2)).toEqual(framesTwo);
      expect(await onOne.unreadAfter(200)).toEqual([]);
    });

    it('keeps one cursor sequence when both servers write at once, and replays it on the other server', async () => {
      const live = await TestSocket.connect(one.url, { token: a.adminToken });
      const start = await ready(live);
      await Promise.all(
        Array.from({ length: 10 }, (_, i) => inbound(i % 2 ? one.url : two.url, a.adminToken, a.inbox.id)),
      );
      const frames = await live.take(20);
      expect(frames.map((f) => f.cursor)).toEqual(Array.from({ length: 20 }, (_, i) => start + 1 + i));
      expect(await live.unreadAfter(200)).toEqual([]);

      const replay = await TestSocket.connect(two.url, { token: a.adminToken, after: start });
      const replayed = await replay.takeUntil((so) => so.at(-1)!.type === 'ready');
      expect(replayed).toEqual([...frames, { type: 'ready', cursor: start + 20 }]);
    });

    it('runs a job once although both servers have a worker', async () => {
      const socket = await TestSocket.connect(two.url, { token: a.adminToken });
      await ready(socket);
      const { conversationId } = await inbound(one.url, a.adminToken, a.inbox.id);
      await socket.take(2);
      await snoozeAndAwaitReopen(one.url, a.adminToken, socket, conversationId, 1000);
      expect(await socket.unreadAfter(300)).toEqual([]);
      await expectJobsDone([one.url, two.url], 1);
    });
  });

  describe('roles split over three servers: web, worker, realtime', () => {
    let database: TestDatabase;
    let web: RunningServer;
    let worker: RunningServer;
    let realtime: RunningServer;
    let a: TenantFixture;

    const startRole = (roles: string) =>
      startServer(testConfig(database, { SOFORTDESK_ROLES: roles }), { schema: database.schema });

    beforeAll(async () => {
      database = createTestDatabase('postgres');
      web = await startRole('web');
      worker = await startRole('worker');
      realtime = await startRole('realtime');
      a = await tenant(web, 'A');
    });
    afterAll(async () => {
      await closeAllSockets();
      await Promise.all([web?.close(), worker?.close(), realtime?.close()]);
      await database?.drop();
    });

    it('serves each role only where it runs', async () => {
      expect(await upgradeStatus(web.url, { token: a.adminToken })).toBe(404);
      expect(await upgradeStatus(worker.url, { token: a.adminToken })).toBe(404);
      expect(await upgradeStatus(realtime.url, { token: a.adminToken })).toBe(101);
      expect((await api(web.url, a.adminToken, 'GET', '/api/v1/inboxes')).status).toBe(200);
      for (const server of [worker, realtime]) {
        expect((await api(server.url, a.adminToken, 'GET', '/api/v1/inboxes')).status).toBe(404);
        expect((await api(server.url, undefined, 'GET', '/healthz')).status).toBe(200);
        expect((await api(server.url, undefined, 'GET', '/readyz')).status).toBe(200);
      }
    });

    it('a snooze set through the web process is ended by the worker process, seen by the realtime client', async () => {
      const socket = await TestSocket.connect(realtime.url, { token: a.agentToken });
      const start = await ready(socket);
      const { conversationId } = await inbound(web.url, a.adminToken, a.inbox.id);
      expect((await socket.take(2)).map((f: Frame) => [f.type, f.cursor])).toEqual([
        ['conversation.created', start + 1],
        ['message.created', start + 2],
      ]);

      await snoozeAndAwaitReopen(web.url, a.agentToken, socket, conversationId, 1500);
      expect(await expectJobsDone([worker.url, web.url, realtime.url], 1)).toEqual([1, 0, 0]);
      const conversation = await api(web.url, a.adminToken, 'GET', `/api/v1/conversations/${conversationId}`);
      expect(conversation.body).toMatchObject({ status: 'open', snoozedUntil: null });
    });
  });

  describe('the real CLI as a separate worker process', () => {
    const BIN = path.resolve('apps/cli/bin/sofortdesk.js');
    const databaseName = `sofortdesk_mp_${randomBytes(5).toString('hex')}`;
    const databaseUrl = (() => {
      const url = new URL(TEST_DATABASE_URL);
      url.pathname = `/${databaseName}`;
      return url.toString();
    })();
    let created = false;
    let server: RunningServer;
    let a: TenantFixture;
    let child: ChildProcess | undefined;
    let childExit: Promise<number | null> | undefined;
    let childUrl: string;
    let output = '';

    async function admin(statement: string): Promise<void> {
      const client = new pg.Client({ connectionString: TEST_DATABASE_URL });
      await client.connect();
      try {
        await client.query(statement);
      } finally {
        await client.end();
      }
    }

    beforeAll(async () => {
      await admin(`create database "${databaseName}"`);
      created = true;
      // This process: web and realtime, migrating the new database first.
      server = await startServer(
        testConfig(createTestDatabase('postgres'), {
          DATABASE_URL: databaseUrl,
          SOFORTDESK_ROLES: 'web,realtime',
        }),
      );
      a = await tenant(server, 'A');

      child = spawn(process.execPath, [BIN, 'start', '--roles', 'worker'], {
        env: {
          ...process.env,
          DATABASE_URL: databaseUrl,
          PORT: '0',
          HOST: '127.0.0.1',
          SOFORTDESK_DEMO: 'off',
          SOFORTDESK_LOG_LEVEL: 'silent',
          SOFORTDESK_BUS: 'auto',
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      childExit = new Promise((resolve) => child!.once('exit', (code) => resolve(code)));
      childUrl = await new Promise<string>((resolve, reject) => {
        const timer = setTimeout(
          () => reject(new Error(`the worker did not start within 25 s:\n${output}`)),
          25_000,
        );
        child!.stdout!.on('data', (chunk: Buffer) => {
          output += chunk.toString();
          const match = /running at (http:\/\/\S+)/.exec(output);
          if (match) {
            clearTimeout(timer);
            resolve(match[1]!);
          }
        });
        child!.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
        child!.once('exit', (code) => reject(new Error(`the worker exited with ${code}:\n${output}`)));
      });
    }, 45_000);

    afterAll(async () => {
      await closeAllSockets();
      if (child && child.exitCode === null && child.signalCode === null) {
        child.kill('SIGTERM');
        const timer = setTimeout(() => child!.kill('SIGKILL'), 5000);
        await childExit;
        clearTimeout(timer);
      }
      await server?.close();
      if (created) await admin(`drop database if exists "${databaseName}" with (force)`);
    }, 30_000);

    it('runs the snooze job in the child process and the client here sees the conversation reopen', async () => {
      expect((await api(childUrl, undefined, 'GET', '/healthz')).status).toBe(200);
      expect((await api(childUrl, a.adminToken, 'GET', '/api/v1/inboxes')).status).toBe(404);

      const socket = await TestSocket.connect(server.url, { token: a.adminToken });
      await ready(socket);
      const { conversationId } = await inbound(server.url, a.adminToken, a.inbox.id);
      await socket.take(2);
      await snoozeAndAwaitReopen(server.url, a.adminToken, socket, conversationId, 1500);
      expect(await expectJobsDone([childUrl, server.url], 1)).toEqual([1, 0]);
    }, 30_000);

    it('stops cleanly on SIGTERM', async () => {
      child!.kill('SIGTERM');
      expect(await childExit).toBe(0);
    }, 15_000);
  });
});

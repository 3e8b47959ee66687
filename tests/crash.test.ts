/**
 * Crash safety of inbound messages, against the real server as a child OS process.
 *
 * A few concurrent clients send 2,000 distinct messages; meanwhile the server is SIGKILLed 20 times
 * (no shutdown code runs, as in a crash or an OOM kill) and started again. Clients retry each
 * message with the same externalId until it is acknowledged (201, or 200 when an earlier attempt
 * had committed before its answer was lost). Afterwards the database must hold every acknowledged
 * message exactly once, 2,000 in all, each with its one message.created event, the account's event
 * cursors without gaps, and one contact and one conversation per customer.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { SQLite as Database } from '@sofortdesk/db';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import {
  createApiInbox,
  ADMIN_TOKEN,
  freePort,
  sleep,
  startServerProcess,
  type ServerProcess,
} from '../bench/lib/server-process.ts';
import { createScratchDatabase, postgresProblem, type ScratchDatabase } from '../bench/lib/postgres.ts';

const MESSAGES = 2000;
const KILLS = 20;
const CLIENTS = 4;
const CUSTOMERS = 100;
/** Per database, everything included; the test's own timeout is a little above it. */
const BUDGET_MS = 110_000;

interface Ack {
  status: number;
  messageId: string;
  conversationId: string;
  contactId: string;
}

interface RunStats {
  kills: number;
  attempts: number;
  failedAttempts: number;
  /** Acknowledged with 200: an earlier attempt had committed, its answer died with the server. */
  repeats: number;
  otherStatuses: Record<string, number>;
  elapsedMs: number;
}

const externalIdOf = (i: number) => `crash-${String(i).padStart(5, '0')}`;

/** Sends MESSAGES messages with CLIENTS clients while killing and restarting the server KILLS times. */
async function burstWithKills(
  start: () => Promise<ServerProcess>,
  inboxId: string,
  first: ServerProcess,
): Promise<{ acks: Map<string, Ack>; stats: RunStats; last: ServerProcess }> {
  const started = Date.now();
  const deadline = started + BUDGET_MS - 15_000;
  const acks = new Map<string, Ack>();
  const stats: RunStats = {
    kills: 0,
    attempts: 0,
    failedAttempts: 0,
    repeats: 0,
    otherStatuses: {},
    elapsedMs: 0,
  };
  let server = first;
  let next = 0;
  const url = `${first.url}/api/v1/inboxes/${inboxId}/messages`;

  async function send(i: number): Promise<void> {
    const externalId = externalIdOf(i);
    const body = JSON.stringify({
      externalId,
      contact: { identifier: `customer-${i % CUSTOMERS}` },
      text: `Nachricht ${i}`,
    });
    for (let attempt = 1; ; attempt++) {
      if (Date.now() > deadline) throw new Error(`out of time at message ${externalId} (attempt ${attempt})`);
      stats.attempts++;
      try {
        const response = await fetch(url, {
          method: 'POST',
          headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json' },
          body,
          signal: AbortSignal.timeout(10_000),
        });
        const text = await response.text();
        if (response.status === 200 || response.status === 201) {
          const parsed = JSON.parse(text) as Omit<Ack, 'status'>;
          if (response.status === 200) stats.repeats++;
          acks.set(externalId, { status: response.status, ...parsed });
          return;
        }
        stats.otherStatuses[response.status] = (stats.otherStatuses[response.status] ?? 0) + 1;
        // A client error is a bug, not a crash artefact: retrying would not help.
        if (
          response.status < 500 &&
          response.status !== 408 &&
          response.status !== 409 &&
          response.status !== 429
        ) {
          throw new Error(`message ${externalId} answered ${response.status}: ${text.slice(0, 300)}`);
        }
      } catch (error) {
        if ((error as Error).message.startsWith(`message ${externalId} answered`)) throw error;
        stats.failedAttempts++; // connection refused or reset: the server is down or being killed
      }
      await sleep(Math.min(10 * attempt, 100));
    }
  }

  async function client(): Promise<void> {
    while (next < MESSAGES) await send(next++);
  }

  let clientsDone = false;
  const clients = Promise.all(Array.from({ length: CLIENTS }, client)).finally(() => (clientsDone = true));

  // Kill at evenly spread points of what is left of the burst (messages acknowledged after a threshold,
  // while the kill is under way, would otherwise eat up the later points), a random moment of up to a
  // few milliseconds (a request takes about one) after the threshold, so the kill lands anywhere in a
  // request: before, inside or after its transaction.
  const killer = (async () => {
    for (let k = 1; k <= KILLS; k++) {
      const threshold = acks.size + Math.floor((MESSAGES - acks.size) / (KILLS - k + 2));
      while (acks.size < threshold && !clientsDone) await sleep(1);
      if (clientsDone)
        throw new Error(
          `the burst ended (every message sent, or a client gave up) before kill ${k} of ${KILLS}`,
        );
      await sleep(Math.random() * 3);
      await server.kill();
      stats.kills++;
      server = await start();
    }
  })();

  // Either may fail; wait for both, then report the first failure.
  const outcomes = await Promise.allSettled([killer, clients]);
  stats.elapsedMs = Date.now() - started;
  for (const outcome of outcomes) if (outcome.status === 'rejected') throw outcome.reason;
  return { acks, stats, last: server };
}

/** The database side of the check, the same SQL on both dialects ($n placeholders). */
type Row = Record<string, any>;
type Query = (text: string, params: unknown[]) => Promise<Row[]>;

async function checkDatabase(query: Query, inboxId: string, acks: Map<string, Ack>): Promise<void> {
  const inbox = (await query('select account_id from inboxes where id = $1', [inboxId]))[0]!;
  const accountId = inbox.account_id as string;

  const messages = await query('select id, external_id from messages where inbox_id = $1', [inboxId]);
  const byExternalId = new Map<string, string[]>();
  for (const row of messages)
    byExternalId.set(row.external_id, [...(byExternalId.get(row.external_id) ?? []), row.id]);
  const duplicates = [...byExternalId].filter(([, ids]) => ids.length > 1);
  expect(duplicates).toEqual([]);
  expect(messages).toHaveLength(MESSAGES);
  expect([...byExternalId.keys()].sort()).toEqual(
    Array.from({ length: MESSAGES }, (_, i) => externalIdOf(i)),
  );

  // Every acknowledged message is there, exactly once, under the id its acknowledgement named.
  expect(acks.size).toBe(MESSAGES);
  const lost = [...acks].filter(([externalId, ack]) => byExternalId.get(externalId)?.[0] !== ack.messageId);
  expect(lost).toEqual([]);

  // The outbox committed with the rows: one message.created event per message, no gap in cursors.
  const events = await query('select cursor, type, data from events where account_id = $1 order by cursor', [
    accountId,
  ]);
  const created = events
    .filter((e) => e.type === 'message.created')
    .map((e) => (JSON.parse(e.data) as { message: { id: string } }).message.id);
  expect(created).toHaveLength(MESSAGES);
  expect(new Set(created)).toEqual(new Set(messages.map((m) => m.id as string)));
  const cursors = events.map((e) => Number(e.cursor));
  expect(cursors).toEqual(Array.from({ length: cursors.length }, (_, i) => i + 1));
  const account = (await query('select event_cursor from accounts where id = $1', [accountId]))[0]!;
  expect(Number(account.event_cursor)).toBe(cursors.length);

  // Races and crashes made neither a second contact nor a second open conversation for anyone.
  const contacts = (await query('select count(*) as n from contacts where account_id = $1', [accountId]))[0]!;
  expect(Number(contacts.n)).toBe(CUSTOMERS);
  const conversations = (
    await query('select count(*) as n from conversations where inbox_id = $1', [inboxId])
  )[0]!;
  expect(Number(conversations.n)).toBe(CUSTOMERS);
}

function report(kind: string, stats: RunStats): void {
  console.log(
    `[crash ${kind}] ${MESSAGES} messages, ${stats.kills} SIGKILLs in ${(stats.elapsedMs / 1000).toFixed(1)} s: ` +
      `${stats.attempts} attempts, ${stats.failedAttempts} failed on a dead or dying server, ` +
      `${stats.repeats} acknowledged as repeats (committed before the kill), other statuses ${JSON.stringify(stats.otherStatuses)}`,
  );
}

const running = new Set<ServerProcess>();
afterAll(async () => {
  await Promise.all([...running].map((server) => server.kill()));
});

function starter(port: number, databaseUrl: string): () => Promise<ServerProcess> {
  return async () => {
    const server = await startServerProcess({ port, databaseUrl, readyTimeoutMs: 20_000 });
    running.add(server);
    void server.exited.then(() => running.delete(server));
    return server;
  };
}

describe('inbound messages survive SIGKILL of the server [sqlite]', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sofortdesk-crash-'));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it(
    `keeps every acknowledged message exactly once across ${KILLS} kills`,
    async () => {
      const file = path.join(dir, 'crash.sqlite');
      const start = starter(await freePort(), `sqlite:${file}`);
      const first = await start();
      const inboxId = await createApiInbox(first.url, 'Crash');
      const { acks, stats, last } = await burstWithKills(start, inboxId, first);
      report('sqlite', stats);
      await last.stop();

      const db = new Database(file, { readonly: true, fileMustExist: true });
      try {
        await checkDatabase(
          (text, params) => Promise.resolve(db.prepare(text.replace(/\$\d+/g, '?')).all(...params) as Row[]),
          inboxId,
          acks,
        );
      } finally {
        db.close();
      }
    },
    BUDGET_MS + 10_000,
  );
});

const pgProblem = await postgresProblem();
const describePostgres = pgProblem ? describe.skip : describe;

describePostgres(
  `inbound messages survive SIGKILL of the server [postgres]${pgProblem ? ` (skipped: ${pgProblem})` : ''}`,
  () => {
    let scratch: ScratchDatabase | undefined;
    afterAll(async () => {
      await Promise.all([...running].map((server) => server.kill()));
      await scratch?.drop();
    });

    it(
      `keeps every acknowledged message exactly once across ${KILLS} kills`,
      async () => {
        scratch = await createScratchDatabase('sofortdesk_crash');
        const start = starter(await freePort(), scratch.url);
        const first = await start();
        const inboxId = await createApiInbox(first.url, 'Crash');
        const { acks, stats, last } = await burstWithKills(start, inboxId, first);
        report('postgres', stats);
        await last.stop();

        const client = new pg.Client({ connectionString: scratch.url });
        await client.connect();
        try {
          await checkDatabase(
            async (text, params) => (await client.query<Row>(text, params)).rows,
            inboxId,
            acks,
          );
        } finally {
          await client.end();
        }
      },
      BUDGET_MS + 10_000,
    );
  },
);

/**
 * Floor (i) of the throughput benchmark: the database alone, in this process, no HTTP. One message
 * row (the columns and unique index of Sofortdesk's messages table) committed per transaction, with
 * the durability settings Sofortdesk uses.
 */
import fs from 'node:fs';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { SQLite as Database } from '@sofortdesk/db';
import pg from 'pg';

export interface FloorResult {
  perSecond: number;
  committed: number;
  durationS: number;
}

const MESSAGE_TABLE = `(
  id text primary key, account_id text not null, inbox_id text not null, conversation_id text not null,
  direction text not null, kind text not null, author_type text not null, author_id text, text text not null,
  external_id text, attachments text not null, created_at text not null)`;

const row = (i: number, inboxId: string) => [
  randomUUID(),
  'account',
  inboxId,
  'conversation',
  'in',
  'text',
  'contact',
  'contact',
  `Guten Tag, ich habe eine Frage zu meiner Bestellung ${i}.`,
  `floor-${i}`,
  '[]',
  new Date().toISOString(),
];

/** better-sqlite3, WAL, the given synchronous mode, BEGIN/INSERT/COMMIT per message. */
export function sqliteFloor(dir: string, synchronous: 'FULL' | 'NORMAL', durationS: number): FloorResult {
  const file = path.join(dir, `floor-${synchronous.toLowerCase()}.sqlite`);
  for (const suffix of ['', '-wal', '-shm']) fs.rmSync(file + suffix, { force: true });
  const db = new Database(file);
  try {
    db.pragma('journal_mode = WAL');
    db.pragma(`synchronous = ${synchronous}`);
    db.exec(`create table messages ${MESSAGE_TABLE}`);
    db.exec('create unique index messages_external_id on messages (inbox_id, external_id)');
    const insert = db.prepare('insert into messages values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)');
    const begin = db.prepare('begin');
    const commit = db.prepare('commit');
    const started = performance.now();
    const until = started + durationS * 1000;
    let n = 0;
    while (performance.now() < until) {
      begin.run();
      insert.run(...row(n, 'inbox'));
      commit.run();
      n++;
    }
    const elapsed = (performance.now() - started) / 1000;
    return { perSecond: n / elapsed, committed: n, durationS: elapsed };
  } finally {
    db.close();
  }
}

/** pg, `concurrency` connections, one autocommitted INSERT per message (the server's default durability). */
export async function postgresFloor(
  url: string,
  concurrency: number,
  durationS: number,
): Promise<FloorResult> {
  const pool = new pg.Pool({ connectionString: url, max: concurrency });
  pool.on('error', () => undefined); // idle clients cut off when the scratch database is dropped
  try {
    await pool.query(`create table floor_messages ${MESSAGE_TABLE}`);
    await pool.query(
      'create unique index floor_messages_external_id on floor_messages (inbox_id, external_id)',
    );
    const text = 'insert into floor_messages values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)';
    let n = 0;
    const started = performance.now();
    const until = started + durationS * 1000;
    await Promise.all(
      Array.from({ length: concurrency }, async () => {
        while (performance.now() < until) {
          const i = n++;
          await pool.query({ name: 'floor-insert', text, values: row(i, 'inbox') });
        }
      }),
    );
    const elapsed = (performance.now() - started) / 1000;
    await pool.query('drop table floor_messages');
    return { perSecond: n / elapsed, committed: n, durationS: elapsed };
  } finally {
    await pool.end();
  }
}

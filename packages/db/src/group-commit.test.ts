import { afterAll, beforeAll, expect, it } from 'vitest';
import { sql } from 'kysely';
import { createTestDatabase } from '@sofortdesk/testing';
import type { Connection } from './connect.ts';
import { GroupCommitter } from './group-commit.ts';

const database = createTestDatabase('sqlite');
let connection: Connection;

beforeAll(async () => {
  connection = await database.open();
  await sql`create table probe (id integer primary key, value text not null unique)`.execute(connection.db);
});
afterAll(async () => {
  await connection?.close();
  await database.drop();
});

it('shares commits between queued transactions, and a failing one rolls back alone', async () => {
  const committer = new GroupCommitter(connection.db);
  let batches = 0;
  const start = connection.db.startTransaction.bind(connection.db);
  connection.db.startTransaction = () => {
    batches++;
    return start();
  };
  const insert = (value: string) =>
    committer.run(async (tx) => {
      await tx
        .insertInto('probe' as never)
        .values({ value } as never)
        .execute();
      return value;
    });
  const results = await Promise.allSettled([
    ...Array.from({ length: 50 }, (_, i) => insert(`v${i}`)),
    insert('v7'), // a unique violation in the middle of a batch
    ...Array.from({ length: 49 }, (_, i) => insert(`w${i}`)),
  ]);
  connection.db.startTransaction = start;

  expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(99);
  const rejected = results.filter((r) => r.status === 'rejected');
  expect(rejected).toHaveLength(1);
  expect(String((rejected[0] as PromiseRejectedResult).reason)).toMatch(/UNIQUE/);
  const rows = await sql<{ n: number }>`select count(*) as n from probe`.execute(connection.db);
  expect(rows.rows[0]!.n).toBe(99);
  // 100 transactions, far fewer commits: the first runs alone, the rest queue up behind it.
  expect(batches).toBeLessThan(10);
});

it('answers nobody before the shared commit', async () => {
  const committer = new GroupCommitter(connection.db);
  const seenCommitted: boolean[] = [];
  await Promise.all(
    Array.from({ length: 10 }, (_, i) =>
      committer
        .run(async (tx) => {
          await tx
            .insertInto('probe' as never)
            .values({ value: `c${i}` } as never)
            .execute();
        })
        .then(async () => {
          // A second connection sees only committed rows.
          const other = await database.open();
          const row = await sql<{
            n: number;
          }>`select count(*) as n from probe where value = ${`c${i}`}`.execute(other.db);
          seenCommitted.push(row.rows[0]!.n === 1);
          await other.close();
        }),
    ),
  );
  expect(seenCommitted).toEqual(Array(10).fill(true));
});

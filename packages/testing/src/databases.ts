/**
 * Runs a suite on every database Sofortdesk supports. PostgreSQL suites each get a schema of their
 * own, so test files run in parallel on one server without touching each other's rows. When no
 * PostgreSQL answers, its suites are reported as skipped, with the reason in their name.
 */
import path from 'node:path';
import os from 'node:os';
import fs from 'node:fs';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { describe } from 'vitest';
import type { DatabaseConfig } from '@sofortdesk/config';
import { connect, migrate, type Connection } from '@sofortdesk/db';

export const TEST_DATABASE_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

async function probeOnce(): Promise<string | undefined> {
  const client = new pg.Client({ connectionString: TEST_DATABASE_URL, connectionTimeoutMillis: 5000 });
  try {
    await client.connect();
    await client.query('select 1');
    return undefined;
  } catch (error) {
    return `no PostgreSQL at ${TEST_DATABASE_URL.replace(/\/\/[^@]*@/, '//')}: ${(error as Error).message}`;
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** A busy server (many suites starting at once) may be slow to answer once: ask three times. */
async function probePostgres(): Promise<string | undefined> {
  let problem: string | undefined;
  for (let attempt = 0; attempt < 3; attempt++) {
    problem = await probeOnce();
    if (!problem) return undefined;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  return problem;
}

/** Why PostgreSQL suites are skipped here, or undefined when a server answers. */
export const postgresProblem = await probePostgres();
if (postgresProblem && process.env.SOFORTDESK_REQUIRE_POSTGRES === '1') {
  // CI promises a PostgreSQL; there a missing one is a failure, not a skip.
  throw new Error(`SOFORTDESK_REQUIRE_POSTGRES=1 but ${postgresProblem}`);
}

export type TestDatabaseKind = 'sqlite' | 'postgres';

export interface TestDatabase {
  kind: TestDatabaseKind;
  config: DatabaseConfig;
  /** PostgreSQL: the suite's own schema; undefined on SQLite. */
  schema: string | undefined;
  /** A migrated connection; call close() in afterAll. */
  open(): Promise<Connection>;
  /** Removes the suite's file or schema. */
  drop(): Promise<void>;
}

export function createTestDatabase(kind: TestDatabaseKind): TestDatabase {
  const suffix = randomBytes(6).toString('hex');
  if (kind === 'sqlite') {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sofortdesk-test-'));
    const config: DatabaseConfig = {
      kind: 'sqlite',
      file: path.join(dir, 'test.sqlite'),
      synchronous: 'NORMAL',
    };
    return {
      kind,
      config,
      schema: undefined,
      async open() {
        const connection = await connect(config);
        await migrate(connection);
        return connection;
      },
      drop() {
        fs.rmSync(dir, { recursive: true, force: true });
        return Promise.resolve();
      },
    };
  }
  const schema = `t_${suffix}`;
  const config: DatabaseConfig = { kind: 'postgres', url: TEST_DATABASE_URL };
  return {
    kind,
    config,
    schema,
    async open() {
      const connection = await connect(config, { schema, poolSize: 5 });
      await migrate(connection);
      return connection;
    },
    async drop() {
      const client = new pg.Client({ connectionString: TEST_DATABASE_URL });
      await client.connect();
      try {
        await client.query(`drop schema if exists "${schema}" cascade`);
      } finally {
        await client.end();
      }
    },
  };
}

/** describe() once per database; the PostgreSQL block is skipped, with its reason, when none answers. */
export function describeEachDatabase(name: string, suite: (database: TestDatabase) => void): void {
  describe(`${name} [sqlite]`, () => suite(createTestDatabase('sqlite')));
  if (postgresProblem) {
    describe.skip(`${name} [postgres] (skipped: ${postgresProblem})`, () =>
      suite(createTestDatabase('postgres')));
  } else {
    describe(`${name} [postgres]`, () => suite(createTestDatabase('postgres')));
  }
}

/**
 * Opens the database the config names, tunes it, and migrates it. The same Kysely code then runs on
 * either dialect.
 */
import fs from 'node:fs';
import path from 'node:path';
import type BetterSqlite3 from 'better-sqlite3';
import { SQLite } from './sqlite-driver.ts';
import { Kysely, Migrator, PostgresDialect, SqliteDialect, sql, type SqliteDatabase } from 'kysely';
import pg from 'pg';
import type { DatabaseConfig } from '@sofortdesk/config';
import { migrationProvider, type Dialect } from './migrations.ts';
import type { Schema } from './schema.ts';

export interface Connection {
  db: Kysely<Schema>;
  dialect: Dialect;
  close(): Promise<void>;
  /** Whether the database answers a query: /readyz. */
  ping(): Promise<boolean>;
}

export interface ConnectOptions {
  /** PostgreSQL: the schema to work in (tests give each suite its own). */
  schema?: string;
  poolSize?: number;
}

const PG_INT8 = 20;
const PG_TIMESTAMPTZ = 1184;

export async function connect(config: DatabaseConfig, options: ConnectOptions = {}): Promise<Connection> {
  if (config.kind === 'sqlite') {
    fs.mkdirSync(path.dirname(config.file), { recursive: true });
    const database = new SQLite(config.file);
    // WAL lets readers run beside the single writer. FULL syncs the WAL on every commit (survives
    // power loss); NORMAL syncs at checkpoints only (survives a process crash, not a power cut).
    database.pragma('journal_mode = WAL');
    database.pragma(`synchronous = ${config.synchronous}`);
    database.pragma('foreign_keys = ON');
    // GDPR erasure: deleted rows are overwritten with zeros instead of lingering in free pages of the
    // file, where anyone with the file could still read a customer's erased messages.
    database.pragma('secure_delete = ON');
    // A second process (a separate worker role) may hold the write lock for a moment.
    database.pragma('busy_timeout = 5000');
    const db = new Kysely<Schema>({ dialect: new SqliteDialect({ database: withStatementCache(database) }) });
    return connection(db, 'sqlite');
  }

  // bigint cursors fit a JS number for 2^53 events; timestamps come back as the ISO strings we wrote.
  const types = {
    getTypeParser(oid: number, format?: 'text' | 'binary') {
      if (oid === PG_INT8) return (value: string) => Number(value);
      if (oid === PG_TIMESTAMPTZ) return (value: string) => new Date(value).toISOString();
      return pg.types.getTypeParser(oid, format) as (value: string) => unknown;
    },
  };
  const pool = new pg.Pool({
    connectionString: config.url,
    max: options.poolSize ?? 10,
    types,
    ...(options.schema ? { options: `-c search_path=${options.schema}` } : {}),
  });
  if (options.schema) {
    const client = await pool.connect();
    try {
      await client.query(`create schema if not exists "${options.schema.replace(/"/g, '')}"`);
    } finally {
      client.release();
    }
  }
  const db = new Kysely<Schema>({ dialect: new PostgresDialect({ pool }) });
  return connection(db, 'postgres');
}

/**
 * Kysely prepares every query anew; preparing costs more than running most of ours. The same SQL
 * text reuses its statement (a busy one, still being iterated, is never shared).
 */
function withStatementCache(database: BetterSqlite3.Database, max = 500): SqliteDatabase {
  const cache = new Map<string, BetterSqlite3.Statement>();
  return {
    close: () => database.close(),
    prepare(text: string) {
      let statement = cache.get(text);
      if (statement && !statement.busy) return statement;
      statement = database.prepare(text);
      if (cache.size >= max) cache.delete(cache.keys().next().value!);
      cache.set(text, statement);
      return statement;
    },
  };
}

function connection(db: Kysely<Schema>, dialect: Dialect): Connection {
  return {
    db,
    dialect,
    close: () => db.destroy(),
    ping: () =>
      sql`select 1`.execute(db).then(
        () => true,
        () => false,
      ),
  };
}

/** Brings the schema up to date. Safe to run from several processes: kysely takes a lock. */
export async function migrate(connection: Connection): Promise<string[]> {
  // kysely looks for its own tables in every schema it can see unless told which one: a second
  // database in another schema (tests, several installations) would find those and skip its own.
  const migrationTableSchema =
    connection.dialect === 'postgres'
      ? (await sql<{ schema: string | null }>`select current_schema() as schema`.execute(connection.db))
          .rows[0]?.schema
      : undefined;
  const migrator = new Migrator({
    db: connection.db,
    provider: migrationProvider(connection.dialect),
    ...(migrationTableSchema ? { migrationTableSchema } : {}),
  });
  const { error, results } = await migrator.migrateToLatest();
  if (error) throw error instanceof Error ? error : new Error(`migration failed: ${JSON.stringify(error)}`);
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}

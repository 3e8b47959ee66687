/**
 * @module @sofortdesk/db
 * Persistence on SQLite and PostgreSQL with one set of Kysely code: connection, migrations,
 * repositories (the domain's ports), the transactional outbox and the job store.
 */
export { connect, migrate, type Connection, type ConnectOptions } from './connect.ts';
export { KyselyUnitOfWork, type OutboxHooks } from './unit-of-work.ts';
export { JobStore, type ClaimedJob } from './job-store.ts';
export { FileBlobStore } from './blob-store.ts';
export { toEvent } from './repositories/events.ts';
export { JOB_LIFETIME_MS } from './repositories/jobs.ts';
export { newId } from './ids.ts';
export type { Schema } from './schema.ts';
export type { Dialect } from './migrations.ts';
export { SQLite } from './sqlite-driver.ts';

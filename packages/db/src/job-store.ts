/**
 * The worker's side of the jobs table: claim due jobs, then mark them done, retry them later or
 * dead-letter them. PostgreSQL claims with FOR UPDATE SKIP LOCKED so several workers never take
 * the same job; SQLite has one writer at a time, so a plain UPDATE ... RETURNING is already exclusive.
 */
import { sql } from 'kysely';
import type { Connection } from './connect.ts';
import type { JobsTable } from './schema.ts';

export interface ClaimedJob {
  id: string;
  accountId: string | null;
  type: string;
  payload: unknown;
  idempotencyKey: string;
  attempts: number;
  expiresAt: string;
}

const toClaimed = (row: JobsTable): ClaimedJob => ({
  id: row.id,
  accountId: row.account_id,
  type: row.type,
  payload: JSON.parse(row.payload) as unknown,
  idempotencyKey: row.idempotency_key,
  attempts: row.attempts,
  expiresAt: row.expires_at,
});

export class JobStore {
  constructor(private readonly connection: Connection) {}

  /**
   * Takes up to `limit` due jobs for `leaseMs`. A job whose worker died is claimable again once its
   * lease ran out, so a crash delays a job but never loses it: those come first (the oldest work),
   * then pending jobs whose time has come, oldest first.
   */
  async claim(workerId: string, limit: number, now: Date, leaseMs: number): Promise<ClaimedJob[]> {
    const lease = {
      workerId,
      at: now.toISOString(),
      lockedUntil: new Date(now.getTime() + leaseMs).toISOString(),
    };
    const stale = await this.take('running', limit, lease);
    if (stale.length >= limit) return stale;
    return [...stale, ...(await this.take('pending', limit - stale.length, lease))];
  }

  /**
   * One claiming statement per status rather than one with an OR of both: each is a search of the
   * (status, run_at) index, where the OR made SQLite scan and sort the whole table on every claim, a
   * cost that grew with every job ever run (1.9 ms at 20,000 rows, and a busy worker claims often).
   */
  private async take(
    status: 'running' | 'pending',
    limit: number,
    lease: { workerId: string; at: string; lockedUntil: string },
  ): Promise<ClaimedJob[]> {
    const { db, dialect } = this.connection;
    const due = db
      .selectFrom('jobs')
      .select('id')
      .where('status', '=', status)
      .$if(status === 'pending', (query) => query.where('run_at', '<=', lease.at))
      .$if(status === 'running', (query) => query.where('locked_until', '<', lease.at))
      .orderBy('run_at')
      .limit(limit);
    const rows = await db
      .updateTable('jobs')
      .set((eb) => ({
        status: 'running',
        locked_by: lease.workerId,
        locked_until: lease.lockedUntil,
        attempts: eb('attempts', '+', 1),
      }))
      .where('id', 'in', dialect === 'postgres' ? due.forUpdate().skipLocked() : due)
      .returningAll()
      .execute();
    return rows.map(toClaimed);
  }

  async complete(job: ClaimedJob, workerId: string, now: Date): Promise<void> {
    await this.connection.db
      .updateTable('jobs')
      .set({ status: 'done', finished_at: now.toISOString(), locked_until: null, last_error: null })
      .where('id', '=', job.id)
      .where('locked_by', '=', workerId)
      .execute();
  }

  /**
   * Retries at `retryAt`, or dead-letters when that would be past the job's lifetime or when there is
   * no retry (null: retrying cannot help).
   */
  async fail(
    job: ClaimedJob,
    workerId: string,
    error: string,
    retryAt: Date | null,
    now: Date,
  ): Promise<'retry' | 'dead'> {
    const dead = retryAt === null || retryAt.getTime() > Date.parse(job.expiresAt);
    await this.connection.db
      .updateTable('jobs')
      .set({
        status: dead ? 'dead' : 'pending',
        run_at: (retryAt ?? now).toISOString(),
        last_error: error.slice(0, 2000),
        locked_until: null,
        locked_by: null,
        finished_at: dead ? now.toISOString() : null,
      })
      .where('id', '=', job.id)
      .where('locked_by', '=', workerId)
      .execute();
    return dead ? 'dead' : 'retry';
  }

  /** The earliest time a pending job becomes due, so an idle worker knows how long it may sleep. */
  async nextRunAt(): Promise<string | undefined> {
    const row = await this.connection.db
      .selectFrom('jobs')
      .select((eb) => eb.fn.min('run_at').as('next'))
      .where('status', '=', 'pending')
      .executeTakeFirst();
    return row?.next ?? undefined;
  }

  async countByStatus(): Promise<Record<string, number>> {
    const rows = await this.connection.db
      .selectFrom('jobs')
      .select(['status', sql<number>`count(*)`.as('n')])
      .groupBy('status')
      .execute();
    return Object.fromEntries(rows.map((row) => [row.status, Number(row.n)]));
  }
}

/**
 * Group commit for SQLite. SQLite has one writer, so write transactions run one after another
 * anyway; with synchronous=FULL each COMMIT is also an fsync, and the disk, not the CPU, sets the
 * pace. Transactions that queue up while one is running share the next BEGIN … COMMIT, each inside
 * its own savepoint: one fsync covers the whole batch, and a transaction that fails rolls back to
 * its savepoint alone. Nobody is answered before the shared COMMIT has returned, so an
 * acknowledgement still means committed. Under light load a batch is a single transaction and
 * nothing changes.
 */
import type { ControlledTransaction, Kysely } from 'kysely';
import type { Schema } from './schema.ts';

interface Pending {
  work: (tx: Kysely<Schema>) => Promise<unknown>;
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
}

export class GroupCommitter {
  private queue: Pending[] = [];
  private draining = false;

  constructor(
    private readonly db: Kysely<Schema>,
    /** Bounds how long the first transaction of a batch waits for the last one's work. */
    private readonly maxBatch = 64,
  ) {}

  run<T>(work: (tx: Kysely<Schema>) => Promise<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.queue.push({ work, resolve: resolve as (value: unknown) => void, reject });
      if (!this.draining) void this.drain();
    });
  }

  private async drain(): Promise<void> {
    this.draining = true;
    try {
      while (this.queue.length > 0) await this.runBatch(this.queue.splice(0, this.maxBatch));
    } finally {
      this.draining = false;
    }
  }

  private async runBatch(batch: Pending[]): Promise<void> {
    let trx: ControlledTransaction<Schema>;
    try {
      trx = await this.db.startTransaction().execute();
    } catch (error) {
      for (const pending of batch) pending.reject(error);
      return;
    }
    const outcomes: (() => void)[] = [];
    try {
      if (batch.length === 1) {
        // Alone in its batch: its own transaction, as without group commit.
        const [pending] = batch as [Pending];
        try {
          const value = await pending.work(trx);
          outcomes.push(() => pending.resolve(value));
        } catch (error) {
          await trx.rollback().execute();
          pending.reject(error);
          return;
        }
      } else {
        for (const pending of batch) {
          const savepoint = await trx.savepoint('work').execute();
          try {
            const value = await pending.work(savepoint);
            await savepoint.releaseSavepoint('work').execute();
            outcomes.push(() => pending.resolve(value));
          } catch (error) {
            await savepoint.rollbackToSavepoint('work').execute();
            await savepoint.releaseSavepoint('work').execute();
            outcomes.push(() => pending.reject(error));
          }
        }
      }
      await trx.commit().execute();
    } catch (error) {
      // The COMMIT (or a savepoint command) failed: nothing of this batch is stored.
      await trx
        .rollback()
        .execute()
        .catch(() => undefined);
      for (const pending of batch) pending.reject(error);
      return;
    }
    for (const settle of outcomes) settle();
  }
}

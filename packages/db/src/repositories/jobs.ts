import type { Repositories } from '@sofortdesk/domain';
import { newId } from '../ids.ts';
import type { RepoContext } from './support.ts';
import { QueryTemplate } from './templates.ts';

/** How long a job may keep failing before it is dead-lettered. */
export const JOB_LIFETIME_MS = 24 * 60 * 60 * 1000;

/** Every inbound customer message enqueues one (its triage): compiled once, see templates.ts. */
const insertJob = new QueryTemplate(
  9,
  (
    db,
    id: string,
    accountId: string | null,
    type: string,
    payload: string,
    idempotencyKey: string,
    runAt: string,
    expiresAt: string,
    createdAt: string,
    attempts: number,
  ) =>
    db
      .insertInto('jobs')
      .values({
        id,
        account_id: accountId,
        type,
        payload,
        idempotency_key: idempotencyKey,
        status: 'pending',
        attempts,
        run_at: runAt,
        expires_at: expiresAt,
        locked_until: null,
        locked_by: null,
        last_error: null,
        created_at: createdAt,
        finished_at: null,
      })
      .onConflict((oc) => oc.column('idempotency_key').doNothing())
      .returning('id'),
);

export function jobRepository(
  { db, dialect, now }: RepoContext,
  onEnqueue: () => void,
): Repositories['jobs'] {
  return {
    async enqueue(accountId, job) {
      const at = now();
      const runAt = job.runAt ?? at;
      const [inserted] = await insertJob.execute(
        db,
        dialect,
        newId(),
        accountId,
        job.type,
        JSON.stringify(job.payload),
        job.idempotencyKey,
        runAt,
        new Date(Date.parse(runAt) + JOB_LIFETIME_MS).toISOString(),
        at,
        0,
      );
      if (inserted) onEnqueue();
      return inserted !== undefined;
    },
  };
}

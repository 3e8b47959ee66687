import type { Repositories } from '@sofortdesk/domain';
import { newId } from '../ids.ts';
import type { RepoContext } from './support.ts';

/** How long a job may keep failing before it is dead-lettered. */
export const JOB_LIFETIME_MS = 24 * 60 * 60 * 1000;

export function jobRepository({ db, now }: RepoContext, onEnqueue: () => void): Repositories['jobs'] {
  return {
    async enqueue(accountId, job) {
      const at = now();
      const runAt = job.runAt ?? at;
      const inserted = await db
        .insertInto('jobs')
        .values({
          id: newId(),
          account_id: accountId,
          type: job.type,
          payload: JSON.stringify(job.payload),
          idempotency_key: job.idempotencyKey,
          status: 'pending',
          attempts: 0,
          run_at: runAt,
          expires_at: new Date(Date.parse(runAt) + JOB_LIFETIME_MS).toISOString(),
          locked_until: null,
          locked_by: null,
          last_error: null,
          created_at: at,
          finished_at: null,
        })
        .onConflict((oc) => oc.column('idempotency_key').doNothing())
        .returning('id')
        .executeTakeFirst();
      if (inserted) onEnqueue();
      return inserted !== undefined;
    },
  };
}

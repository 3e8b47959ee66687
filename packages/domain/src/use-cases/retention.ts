/**
 * Retention policies (issue 7): per account, resolved conversations untouched for more than N
 * months are deleted or anonymised (the erasure's own code path) by a daily durable job,
 * `privacy.retention`, enqueued once per account and day (key `privacy.retention:<account>:<date>`)
 * by a timer of the worker role. The job works in bounded batches, one transaction each, logs its
 * progress and leaves a receipt with the cut-off and counts, never personal data.
 */
import type { ErasureCounts, RetentionRun } from '../privacy.ts';
import { authorize, type Actor } from '../policies.ts';
import { endOverdueCaseShares } from './case-shares.ts';
import type { ErasureJobDeps } from './privacy.ts';
import type { UseCaseDeps } from './deps.ts';

/** Conversations per transaction: short write locks on SQLite, bounded memory for the file list. */
export const RETENTION_BATCH = 100;
/** At most this many batches a day; what is left waits for tomorrow's run. */
export const RETENTION_MAX_BATCHES = 500;
/** The most accounts one scheduling pass enqueues runs for. */
const ACCOUNTS_PER_PASS = 100_000;

/** The UTC day of a moment, as the run's date. */
export const retentionDate = (now: Date): string => now.toISOString().slice(0, 10);

/**
 * The cut-off for "untouched for more than N months": the same day and time N calendar months
 * earlier (the last day of that month when it has fewer days, so 31 March − 1 month = 28/29 Feb).
 */
export function retentionCutoff(now: Date, months: number): Date {
  const target = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - months, 1));
  const lastDay = new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0)).getUTCDate();
  target.setUTCDate(Math.min(now.getUTCDate(), lastDay));
  target.setUTCHours(now.getUTCHours(), now.getUTCMinutes(), now.getUTCSeconds(), now.getUTCMilliseconds());
  return target;
}

/** The worker's timer calls this (hourly): one job per account and day, whatever the processes. */
export async function scheduleRetention(deps: UseCaseDeps): Promise<number> {
  const date = retentionDate(deps.clock.now());
  let enqueued = 0;
  for (const account of await deps.uow.repos.accounts.list(ACCOUNTS_PER_PASS)) {
    const fresh = await deps.uow.repos.jobs.enqueue(account.id, {
      type: 'privacy.retention',
      payload: { date },
      idempotencyKey: `privacy.retention:${account.id}:${date}`,
    });
    if (fresh) enqueued++;
  }
  return enqueued;
}

export interface RetentionDeps extends ErasureJobDeps {
  /** Progress lines (batch numbers and counts, no personal data). */
  log(message: string, fields: Record<string, unknown>): void;
}

/** The job: overdue shares end, then old resolved conversations go in batches; the receipt last. */
export async function runRetention(
  deps: RetentionDeps,
  accountId: string,
  payload: { date: string },
): Promise<RetentionRun> {
  const repos = deps.uow.repos;
  const settings = await repos.privacy.getSettings(accountId);
  const now = deps.clock.now();
  const cutoff = settings.retentionMonths === null ? null : retentionCutoff(now, settings.retentionMonths);
  const run = await repos.privacy.startRetentionRun({
    accountId,
    date: payload.date,
    action: settings.retentionMonths === null ? null : settings.retentionAction,
    cutoff: cutoff?.toISOString() ?? null,
    startedAt: now.toISOString(),
  });
  if (run.status === 'completed') return run;
  const counts: ErasureCounts = { caseSharesEnded: await endOverdueCaseShares(deps, accountId) };
  const add = (more: ErasureCounts) => {
    for (const [kind, n] of Object.entries(more)) counts[kind] = (counts[kind] ?? 0) + n;
  };
  if (cutoff) {
    for (let batch = 1; batch <= RETENTION_MAX_BATCHES; batch++) {
      const result = await deps.uow.transaction(async (tx) => {
        const done = await tx.privacy.retainConversations(
          accountId,
          cutoff.toISOString(),
          settings.retentionAction,
          RETENTION_BATCH,
          deps.clock.now().toISOString(),
        );
        // Before the commit, as the erasure does: a failed commit leaves rows that name the files.
        for (const key of done.blobKeys) await deps.blobs.delete(key);
        return done;
      });
      if (result.conversations === 0) break;
      add({ ...result.counts, retainedConversations: result.conversations, files: result.blobKeys.length });
      deps.log('retention batch done', { accountId, runId: run.id, batch, ...counts });
    }
    // The knowledge indexes learned questions from deleted conversations.
    if ((counts.retainedConversations ?? 0) > 0) deps.invalidateCaches(accountId);
  }
  const at = deps.clock.now().toISOString();
  await repos.privacy.completeRetentionRun(accountId, run.id, counts, at);
  await repos.privacy.checkpoint();
  return { ...run, status: 'completed', counts, completedAt: at };
}

/** Admins read the receipts of the latest runs. */
export async function listRetentionRuns(
  deps: UseCaseDeps,
  actor: Actor,
  limit = 30,
): Promise<RetentionRun[]> {
  authorize(actor, 'privacy.manage');
  return deps.uow.repos.privacy.listRetentionRuns(actor.accountId, limit);
}

/**
 * The worker role's timer for the daily retention run (domain/use-cases/retention.ts): every hour it
 * enqueues `privacy.retention` for each account with the key `privacy.retention:<account>:<date>`, so
 * however many workers run and however often they restart, each account gets one run per day. The
 * first pass waits a few minutes after the start, so a short-lived process (a test, a one-off
 * migration) schedules nothing.
 */
import { scheduleRetention, type UseCaseDeps } from '@sofortdesk/domain';
import type { Logger } from './logger.ts';

const FIRST_PASS_MS = 5 * 60_000;
const PASS_MS = 60 * 60_000;

export function startRetentionTimer(deps: UseCaseDeps, logger: Logger): { stop(): void } {
  const pass = () => {
    scheduleRetention(deps).then(
      (enqueued) => enqueued > 0 && logger.info({ enqueued }, 'retention runs scheduled'),
      (error: unknown) => logger.warn({ err: error }, 'scheduling retention runs failed'),
    );
  };
  let interval: NodeJS.Timeout | undefined;
  const first = setTimeout(() => {
    pass();
    interval = setInterval(pass, PASS_MS);
    interval.unref();
  }, FIRST_PASS_MS);
  first.unref();
  return {
    stop() {
      clearTimeout(first);
      clearInterval(interval);
    },
  };
}

import { randomUUID } from 'node:crypto';
import { PermanentJobError, type JobPayloads, type JobType } from '@sofortdesk/domain';
import type { ClaimedJob, JobStore } from '@sofortdesk/db';
import type { EventBus } from './bus.ts';

export type JobHandler<T extends JobType> = (payload: JobPayloads[T], job: ClaimedJob) => Promise<void>;
export type JobHandlers = { [T in JobType]: JobHandler<T> };

export interface WorkerOptions {
  concurrency: number;
  /** How long a claimed job stays ours; a worker that dies loses its jobs to others after this. */
  leaseMs?: number;
  /** Even without a wake-up signal, look for due jobs this often (covers scheduled jobs, lost signals). */
  pollMs?: number;
  /** First retry delay; doubles each attempt up to maxBackoffMs. */
  baseBackoffMs?: number;
  maxBackoffMs?: number;
  now?: () => Date;
  onError?: (error: unknown, job?: ClaimedJob) => void;
  onOutcome?: (type: string, outcome: 'done' | 'retry' | 'dead') => void;
  /**
   * Where the worker shares its process with the web role: whether requests are in flight. While
   * they are, it runs one job at a time with `busyPauseMs` between claims, so answering customers
   * comes first and a burst's background work (triage of every message) drains right after it; still
   * at least about 1000 / busyPauseMs jobs a second run during a burst.
   */
  busy?: () => boolean;
  busyPauseMs?: number;
}

/** Capped exponential backoff with ±20 % jitter, so failed jobs of one outage do not retry in step. */
export function backoffMs(attempts: number, base: number, cap: number, random = Math.random): number {
  const exponential = Math.min(cap, base * 2 ** Math.max(0, attempts - 1));
  return Math.round(exponential * (0.8 + 0.4 * random()));
}

/**
 * Claims due jobs and runs their handlers. Handlers must be idempotent: a job may run again when its
 * worker died after the side effect but before marking it done. The job's idempotencyKey is given to
 * them for exactly that (e.g. as the Idempotency-Key header of a webhook).
 */
export class JobWorker {
  readonly id = `worker-${randomUUID()}`;
  private running = 0;
  private stopped = true;
  private wake: (() => void) | undefined;
  /** A wake-up that came while not asleep (claiming, or asking nextRunAt): the next sleep is skipped. */
  private woken = false;
  private loopDone: Promise<void> | undefined;
  private unsubscribe: (() => void) | undefined;
  private lastClaimAt = 0;
  private readonly options: Required<Omit<WorkerOptions, 'onError' | 'onOutcome' | 'busy'>> &
    Pick<WorkerOptions, 'onError' | 'onOutcome' | 'busy'>;

  constructor(
    private readonly store: JobStore,
    private readonly bus: EventBus,
    private readonly handlers: JobHandlers,
    options: WorkerOptions,
  ) {
    this.options = {
      leaseMs: 5 * 60_000,
      pollMs: 5_000,
      baseBackoffMs: 2_000,
      maxBackoffMs: 60 * 60_000,
      now: () => new Date(),
      busyPauseMs: 100,
      ...options,
    };
  }

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.unsubscribe = this.bus.onJobs(() => this.poke());
    this.loopDone = this.loop();
  }

  /** Stops claiming and waits for the jobs in hand to finish. */
  async stop(): Promise<void> {
    this.stopped = true;
    this.unsubscribe?.();
    this.poke();
    await this.loopDone;
  }

  private poke(): void {
    if (this.wake) this.wake();
    else this.woken = true;
  }

  private async loop(): Promise<void> {
    const inFlight = new Set<Promise<void>>();
    while (!this.stopped) {
      const busy = this.options.busy?.() ?? false;
      if (busy) {
        const wait = this.lastClaimAt + this.options.busyPauseMs - Date.now();
        if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
      }
      const limit = busy ? 1 : this.options.concurrency;
      const free = limit - this.running;
      let claimed: ClaimedJob[] = [];
      // The claim below sees everything committed up to now; only later wake-ups count.
      this.woken = false;
      if (free > 0) {
        try {
          claimed = await this.store.claim(this.id, free, this.options.now(), this.options.leaseMs);
        } catch (error) {
          this.options.onError?.(error);
        }
      }
      if (claimed.length > 0) this.lastClaimAt = Date.now();
      for (const job of claimed) {
        const run = this.run(job).finally(() => {
          inFlight.delete(run);
          this.poke();
        });
        inFlight.add(run);
      }
      if (claimed.length === 0 || this.running >= limit) await this.sleep(limit);
    }
    await Promise.all(inFlight);
  }

  /** Until a wake-up, the next due job (when there is room for one), or pollMs. */
  private async sleep(limit: number): Promise<void> {
    let delay = this.options.pollMs;
    if (this.running < limit) {
      const next = await this.store.nextRunAt().catch(() => undefined);
      if (next) delay = Math.max(0, Math.min(delay, Date.parse(next) - this.options.now().getTime()));
    }
    if (delay === 0 || this.woken || this.stopped) return;
    await new Promise<void>((resolve) => {
      const timer = setTimeout(() => {
        this.wake = undefined;
        resolve();
      }, delay);
      this.wake = () => {
        clearTimeout(timer);
        this.wake = undefined;
        resolve();
      };
    });
  }

  private async run(job: ClaimedJob): Promise<void> {
    this.running++;
    try {
      const handler = this.handlers[job.type as JobType] as JobHandler<JobType> | undefined;
      if (!handler) throw new Error(`no handler for job type "${job.type}"`);
      await handler(job.payload as JobPayloads[JobType], job);
      await this.store.complete(job, this.id, this.options.now());
      this.options.onOutcome?.(job.type, 'done');
    } catch (error) {
      this.options.onError?.(error, job);
      const now = this.options.now();
      const retryAt =
        error instanceof PermanentJobError
          ? null
          : new Date(
              now.getTime() + backoffMs(job.attempts, this.options.baseBackoffMs, this.options.maxBackoffMs),
            );
      const message = error instanceof Error ? error.message : String(error);
      try {
        const outcome = await this.store.fail(job, this.id, message, retryAt, now);
        this.options.onOutcome?.(job.type, outcome);
      } catch (storeError) {
        // The lease runs out and another claim retries it: slower, but nothing is lost.
        this.options.onError?.(storeError, job);
      }
    } finally {
      this.running--;
    }
  }
}

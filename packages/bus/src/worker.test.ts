/**
 * The job worker against a real database of each kind: retries with capped exponential backoff,
 * dead-lettering, idempotent enqueueing, lease expiry after a worker died, and (PostgreSQL) two
 * workers claiming concurrently without ever sharing a job (FOR UPDATE SKIP LOCKED).
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { JobStore, KyselyUnitOfWork, type ClaimedJob, type Connection } from '@sofortdesk/db';
import type { Clock } from '@sofortdesk/domain';
import { describeEachDatabase } from '@sofortdesk/testing';
import { LocalBus } from './local-bus.ts';
import { backoffMs, JobWorker, type JobHandlers, type WorkerOptions } from './worker.ts';

const T0 = Date.parse('2030-01-01T00:00:00.000Z');
const SECOND = 1000;
const HOUR = 60 * 60 * SECOND;

class FakeClock implements Clock {
  constructor(public t: number) {}
  now = (): Date => new Date(this.t);
}

type Handler = (payload: unknown, job: ClaimedJob) => Promise<void>;
const handlersOf = (handler: Handler): JobHandlers => ({
  'conversation.unsnooze': handler,
  'conversation.assign': handler,
  'assignment.drain': handler,
  'api.deliver-message': handler,
  'triage.message': handler,
  'knowledge.auto-answer': handler,
  'knowledge.learn-from-conversation': handler,
  'email.send-message': handler,
  'privacy.erase-contact': handler,
  'privacy.notify-erasure': handler,
  'privacy.send-login-link': handler,
  'sla.check': handler,
  'case-share.expire': handler,
  'privacy.retention': handler,
});
/** A handler that only notes what it was given. */
const recordInto =
  <T>(list: T[], pick: (job: ClaimedJob) => T): Handler =>
  (_payload, job) => {
    list.push(pick(job));
    return Promise.resolve();
  };

async function waitFor(
  check: () => Promise<boolean> | boolean,
  timeoutMs = 10_000,
  what = 'condition',
): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

describe('backoffMs', () => {
  it('doubles from the base per attempt and stops at the cap', () => {
    const mid = () => 0.5; // no jitter
    expect([1, 2, 3, 4, 5, 6, 20].map((n) => backoffMs(n, 1000, 8000, mid))).toEqual([
      1000, 2000, 4000, 8000, 8000, 8000, 8000,
    ]);
    expect(backoffMs(0, 1000, 8000, mid)).toBe(1000);
    // A huge attempt count must not overflow into Infinity/NaN.
    expect(backoffMs(5000, 1000, 8000, mid)).toBe(8000);
  });

  it('jitters by at most ±20 %', () => {
    expect(backoffMs(3, 1000, 60_000, () => 0)).toBe(3200);
    expect(backoffMs(3, 1000, 60_000, () => 0.999_999)).toBe(4800);
    expect(backoffMs(10, 1000, 8000, () => 0.999_999)).toBe(9600);
    for (let i = 0; i < 200; i++) {
      const value = backoffMs(2, 1000, 60_000);
      expect(value).toBeGreaterThanOrEqual(1600);
      expect(value).toBeLessThanOrEqual(2400);
    }
  });
});

describeEachDatabase('JobWorker', (database) => {
  let connection: Connection;
  let store: JobStore;
  const workers: JobWorker[] = [];
  const extraConnections: Connection[] = [];

  beforeAll(async () => {
    connection = await database.open();
    store = new JobStore(connection);
  });
  afterEach(async () => {
    await Promise.all(workers.splice(0).map((worker) => worker.stop()));
    await connection.db.deleteFrom('jobs').execute();
  });
  afterAll(async () => {
    await Promise.all(extraConnections.map((c) => c.close()));
    await connection?.close();
    await database.drop();
  });

  function startWorker(
    bus: LocalBus,
    handlers: JobHandlers,
    options: Partial<WorkerOptions>,
    jobStore = store,
  ): JobWorker {
    const worker = new JobWorker(jobStore, bus, handlers, { concurrency: 1, pollMs: 20, ...options });
    workers.push(worker);
    worker.start();
    return worker;
  }

  const jobRow = (id: string) =>
    connection.db.selectFrom('jobs').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
  const allJobs = () => connection.db.selectFrom('jobs').selectAll().execute();

  function unitOfWork(clock: Clock): { uow: KyselyUnitOfWork; bus: LocalBus } {
    const uow = new KyselyUnitOfWork(connection, clock);
    const bus = new LocalBus();
    uow.setHooks(bus.outboxHooks);
    return { uow, bus };
  }

  const enqueue = (uow: KyselyUnitOfWork, key: string, runAt?: string) =>
    uow.repos.jobs.enqueue(null, {
      type: 'conversation.unsnooze',
      payload: { conversationId: key, snoozedUntil: '2030-01-01T00:00:00.000Z' },
      idempotencyKey: key,
      ...(runAt && { runAt }),
    });

  it('runs one job at a time while the process is busy with requests, and all at once after', async () => {
    const { uow, bus } = unitOfWork(new FakeClock(T0));
    for (let i = 0; i < 6; i++) await enqueue(uow, `busy-${i}`);
    let busy = true;
    let running = 0;
    const peaks: { busy: boolean; running: number }[] = [];
    const release: (() => void)[] = [];
    startWorker(
      bus,
      handlersOf(async () => {
        running++;
        peaks.push({ busy, running });
        await new Promise<void>((resolve) => release.push(resolve));
        running--;
      }),
      { concurrency: 4, busy: () => busy, busyPauseMs: 5, now: () => new Date(T0) },
    );
    // While busy: one job in hand, the next only once it is done.
    await waitFor(() => release.length === 1, 5000, 'the first job');
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(release).toHaveLength(1);
    release.shift()!();
    await waitFor(() => release.length === 1 && peaks.length === 2, 5000, 'the second job');
    expect(peaks.every((peak) => peak.running === 1)).toBe(true);
    // The burst is over: the rest run side by side, up to the concurrency.
    busy = false;
    release.shift()!();
    await waitFor(() => release.length === 4, 5000, 'four jobs at once');
    expect(Math.max(...peaks.map((peak) => peak.running))).toBe(4);
    release.splice(0).forEach((resolve) => resolve());
    await waitFor(async () => (await allJobs()).every((job) => job.status === 'done'), 5000, 'all done');
  });

  it('retries a failing handler with growing delays, capped, then completes', async () => {
    const clock = new FakeClock(T0);
    const { uow, bus } = unitOfWork(clock);
    await enqueue(uow, 'retry-me');
    const runs: { attempts: number; at: number; runAt: number }[] = [];
    const outcomes: string[] = [];
    startWorker(
      bus,
      handlersOf(async (_payload, job) => {
        const row = await jobRow(job.id);
        runs.push({ attempts: job.attempts, at: clock.t, runAt: Date.parse(row.run_at) });
        if (job.attempts < 7) throw new Error(`failure ${job.attempts}`);
      }),
      {
        now: clock.now,
        baseBackoffMs: 1000,
        maxBackoffMs: 8000,
        // Time passes between attempts (more than the longest delay), so each retry is due at once.
        onOutcome: (_type, outcome) => {
          outcomes.push(outcome);
          if (outcome === 'retry') clock.t += 60 * SECOND;
        },
      },
    );
    await waitFor(() => outcomes.at(-1) === 'done', 10_000, 'the job to complete');

    expect(outcomes).toEqual(['retry', 'retry', 'retry', 'retry', 'retry', 'retry', 'done']);
    expect(runs.map((run) => run.attempts)).toEqual([1, 2, 3, 4, 5, 6, 7]);
    // The delay chosen after failure n is the next attempt's run_at minus the time of failure n.
    const delays = runs.slice(1).map((run, i) => run.runAt - runs[i]!.at);
    const nominal = [1000, 2000, 4000, 8000, 8000, 8000];
    delays.forEach((delay, i) => {
      expect(delay).toBeGreaterThanOrEqual(nominal[i]! * 0.8);
      expect(delay).toBeLessThanOrEqual(nominal[i]! * 1.2);
    });
    // Growing until the cap: each of the first four is larger than the one before (jitter bands do not overlap).
    for (let i = 1; i < 4; i++) expect(delays[i]!).toBeGreaterThan(delays[i - 1]!);

    const [row] = await allJobs();
    expect(row).toMatchObject({ status: 'done', attempts: 7, last_error: null, locked_until: null });
    expect(row!.finished_at).not.toBeNull();
  });

  it('dead-letters a job that keeps failing past its lifetime, keeping the last error', async () => {
    const clock = new FakeClock(T0);
    const { uow, bus } = unitOfWork(clock);
    await enqueue(uow, 'doomed');
    const outcomes: string[] = [];
    startWorker(
      bus,
      handlersOf((_payload, job) => Promise.reject(new Error(`receiver down (attempt ${job.attempts})`))),
      {
        now: clock.now,
        baseBackoffMs: HOUR,
        maxBackoffMs: 4 * HOUR,
        // Six hours pass per failure; the lifetime is 24 h, so attempt 5 (at +24 h) cannot be retried.
        onOutcome: (_type, outcome) => {
          outcomes.push(outcome);
          if (outcome === 'retry') clock.t += 6 * HOUR;
        },
      },
    );
    await waitFor(() => outcomes.at(-1) === 'dead', 10_000, 'the job to be dead-lettered');

    expect(outcomes).toEqual(['retry', 'retry', 'retry', 'retry', 'dead']);
    const [row] = await allJobs();
    expect(row).toMatchObject({
      status: 'dead',
      attempts: 5,
      last_error: 'receiver down (attempt 5)',
      locked_until: null,
    });
    expect(Date.parse(row!.finished_at!)).toBe(T0 + 24 * HOUR);
    // A dead job is never claimed again, however late it gets.
    expect(await store.claim('someone', 10, new Date(T0 + 1000 * HOUR), 60_000)).toEqual([]);
    expect(await store.countByStatus()).toEqual({ dead: 1 });
  });

  it('creates one job for the same idempotency key, also from concurrent transactions, and runs it once', async () => {
    const { uow, bus } = unitOfWork(new FakeClock(Date.now()));
    expect(await enqueue(uow, 'once')).toBe(true);
    expect(await enqueue(uow, 'once')).toBe(false);
    const results = await Promise.all(
      [1, 2, 3].map(() =>
        uow.transaction((repos) =>
          repos.jobs.enqueue(null, {
            type: 'conversation.unsnooze',
            payload: { conversationId: 'twice', snoozedUntil: '2030-01-01T00:00:00.000Z' },
            idempotencyKey: 'twice',
          }),
        ),
      ),
    );
    expect(results.filter(Boolean)).toHaveLength(1);
    expect((await allJobs()).map((job) => job.idempotency_key).sort()).toEqual(['once', 'twice']);

    const ran: string[] = [];
    startWorker(bus, handlersOf(recordInto(ran, (job) => job.idempotencyKey)), { concurrency: 4 });
    await waitFor(async () => (await store.countByStatus()).done === 2, 10_000, 'both jobs to finish');
    expect(ran.sort()).toEqual(['once', 'twice']);
  });

  it('claims a job again once the lease of the worker that died holding it ran out', async () => {
    const clock = new FakeClock(T0);
    const { uow, bus } = unitOfWork(clock);
    await enqueue(uow, 'orphan');
    // A worker claims it and dies: nobody completes or fails it.
    const [orphan] = await store.claim('worker-that-died', 10, new Date(T0), 30 * SECOND);
    expect(orphan).toMatchObject({ attempts: 1 });
    // While the lease holds nobody else may take it...
    expect(await store.claim('other', 10, new Date(T0 + 29 * SECOND), 30 * SECOND)).toEqual([]);

    // ...afterwards another worker does.
    clock.t = T0 + 31 * SECOND;
    const seen: ClaimedJob[] = [];
    const survivor = startWorker(bus, handlersOf(recordInto(seen, (job) => job)), { now: clock.now });
    await waitFor(async () => (await jobRow(orphan!.id)).status === 'done', 10_000, 'the orphan to be done');
    expect(seen).toHaveLength(1);
    expect(seen[0]).toMatchObject({ id: orphan!.id, attempts: 2 });
    expect((await jobRow(orphan!.id)).locked_by).toBe(survivor.id);

    // The dead worker coming back cannot undo the survivor's work.
    await store.fail(orphan!, 'worker-that-died', 'late failure', new Date(T0 + HOUR), new Date(T0 + HOUR));
    await store.complete(orphan!, 'worker-that-died', new Date(T0 + HOUR));
    expect(await jobRow(orphan!.id)).toMatchObject({
      status: 'done',
      last_error: null,
      locked_by: survivor.id,
    });
  });

  it('does not lose a wake-up that arrives while it works out how long to sleep', async () => {
    const { uow, bus } = unitOfWork({ now: () => new Date() });
    // A store whose nextRunAt we hold open: the window between "how long may I sleep" and sleeping.
    let release: (() => void) | undefined;
    let onBlocked: (() => void) | undefined;
    const whenBlocked = () => new Promise<void>((resolve) => (release ? resolve() : (onBlocked = resolve)));
    const slowStore = new (class extends JobStore {
      override async nextRunAt(): Promise<string | undefined> {
        const next = await super.nextRunAt();
        await new Promise<void>((resolve) => {
          release = () => {
            release = undefined;
            resolve();
          };
          onBlocked?.();
          onBlocked = undefined;
        });
        return next;
      }
    })(connection);
    const ran: string[] = [];
    // Without its wake-up the worker would only look again after pollMs (a minute).
    const worker = startWorker(
      bus,
      handlersOf(recordInto(ran, (job) => job.idempotencyKey)),
      { pollMs: 60_000 },
      slowStore,
    );
    await whenBlocked();
    await enqueue(uow, 'signalled-meanwhile'); // commits and signals the bus while the worker is in nextRunAt
    release!();
    await waitFor(() => ran.length === 1, 3000, 'the signalled job to run');
    expect(ran).toEqual(['signalled-meanwhile']);

    // The same window on stop(): stopping must not wait for the poll interval either.
    await whenBlocked();
    workers.splice(workers.indexOf(worker), 1);
    const started = Date.now();
    const stopped = worker.stop();
    release!();
    await stopped;
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it.skipIf(database.kind !== 'postgres')(
    'two workers on separate connections never claim the same job (SKIP LOCKED): 200 jobs run exactly once',
    async () => {
      const { uow } = unitOfWork({ now: () => new Date() });
      for (let i = 0; i < 200; i++) await enqueue(uow, `bulk-${i}`);

      // Direct claims racing from two pools: every job handed out once.
      const [c1, c2] = await Promise.all([database.open(), database.open()]);
      extraConnections.push(c1, c2);
      const stores = [new JobStore(c1), new JobStore(c2)];
      const now = new Date();
      const batches = await Promise.all(
        Array.from({ length: 16 }, (_, i) => stores[i % 2]!.claim(`claimer-${i}`, 10, now, 60_000)),
      );
      const claimedIds = batches.flat().map((job) => job.id);
      expect(claimedIds.length).toBe(160);
      expect(new Set(claimedIds).size).toBe(160);
      // Hand them back so the workers below run all 200.
      await connection.db
        .updateTable('jobs')
        .set({ status: 'pending', locked_by: null, locked_until: null, attempts: 0 })
        .execute();

      const runs = new Map<string, number>();
      const byWorker = new Map<string, number>();
      const handlers = handlersOf(async (_payload, job) => {
        runs.set(job.id, (runs.get(job.id) ?? 0) + 1);
        await new Promise((resolve) => setTimeout(resolve, Math.random() * 4));
      });
      for (const jobStore of stores) {
        const worker = startWorker(new LocalBus(), handlers, { concurrency: 4, pollMs: 20 }, jobStore);
        byWorker.set(worker.id, 0);
      }
      await waitFor(
        async () => (await store.countByStatus()).done === 200,
        30_000,
        'all 200 jobs to be done',
      );

      expect(runs.size).toBe(200);
      expect([...runs.values()].every((count) => count === 1)).toBe(true);
      const rows = await allJobs();
      expect(rows.every((row) => row.status === 'done' && row.attempts === 1)).toBe(true);
      // Both workers took part.
      for (const row of rows) byWorker.set(row.locked_by!, (byWorker.get(row.locked_by!) ?? 0) + 1);
      expect([...byWorker.values()].every((count) => count > 0)).toBe(true);
      expect([...byWorker.values()].reduce((a, b) => a + b, 0)).toBe(200);
    },
  );
});

/**
 * The transactional outbox: a use case's rows, events and jobs commit together, and only after the
 * commit do other parts of the system hear of them.
 */
import type { Clock, DomainEvent, Repositories, UnitOfWork } from '@sofortdesk/domain';
import { CompiledQuery, type Kysely } from 'kysely';
import type { Connection } from './connect.ts';
import { mapDatabaseError } from './errors.ts';
import { accountRepository } from './repositories/accounts.ts';
import { autoAnswerRepository } from './repositories/auto-answers.ts';
import { trainingPairRepository } from './repositories/training-pairs.ts';
import { apiTokenRepository, sessionRepository } from './repositories/auth.ts';
import { cannedAnswerRepository } from './repositories/canned-answers.ts';
import { consentRepository } from './repositories/consents.ts';
import { privacyRepository } from './repositories/privacy.ts';
import { caseShareRepository } from './repositories/case-shares.ts';
import { privacyCentreRepository } from './repositories/privacy-centre.ts';
import { assignmentRepository } from './repositories/assignment.ts';
import { triageRepository } from './repositories/triage.ts';
import { slaRepository } from './repositories/sla.ts';
import { contactRepository } from './repositories/contacts.ts';
import { conversationRepository } from './repositories/conversations.ts';
import { eventRepository } from './repositories/events.ts';
import { inboxRepository } from './repositories/inboxes.ts';
import { jobRepository } from './repositories/jobs.ts';
import { knowledgeRepository } from './repositories/knowledge.ts';
import { knowledgeGapRepository } from './repositories/knowledge-gaps.ts';
import { imapCursorRepository } from './repositories/imap-cursors.ts';
import { messageRepository } from './repositories/messages.ts';
import type { RepoContext } from './repositories/support.ts';
import { teamRepository, userRepository } from './repositories/users.ts';
import { attachmentRepository, visitorSessionRepository } from './repositories/webchat.ts';
import type { Schema } from './schema.ts';

export interface OutboxHooks {
  /** Runs inside the transaction after the use case, e.g. PostgreSQL NOTIFY (delivered on commit). */
  beforeCommit?(tx: Kysely<Schema>, events: DomainEvent[], enqueuedJobs: boolean): Promise<void>;
  /** Runs after the commit, e.g. the in-process bus. Never throws into the caller. */
  afterCommit?(events: DomainEvent[], enqueuedJobs: boolean): void;
}

interface RepositoryHooks {
  onAppend: (events: DomainEvent[]) => void;
  onEnqueue: () => void;
}

/** How each repository is made for a connection or an open transaction. */
const factories: {
  [K in keyof Repositories]: (ctx: RepoContext, hooks: RepositoryHooks) => Repositories[K];
} = {
  accounts: accountRepository,
  users: userRepository,
  teams: teamRepository,
  inboxes: inboxRepository,
  contacts: contactRepository,
  conversations: conversationRepository,
  messages: messageRepository,
  events: (ctx, hooks) => eventRepository(ctx, hooks.onAppend),
  jobs: (ctx, hooks) => jobRepository(ctx, hooks.onEnqueue),
  apiTokens: apiTokenRepository,
  sessions: sessionRepository,
  visitorSessions: visitorSessionRepository,
  attachments: attachmentRepository,
  cannedAnswers: cannedAnswerRepository,
  knowledge: knowledgeRepository,
  trainingPairs: trainingPairRepository,
  autoAnswers: autoAnswerRepository,
  knowledgeGaps: knowledgeGapRepository,
  imapCursors: imapCursorRepository,
  consents: consentRepository,
  privacy: privacyRepository,
  sla: slaRepository,
  caseShares: caseShareRepository,
  privacyCentre: privacyCentreRepository,
  assignment: assignmentRepository,
  triage: triageRepository,
};

/**
 * The repositories of one connection or transaction, each made on first use: a transaction touches a
 * few of twenty, and every repository is a dozen closures (made eagerly per transaction, they cost an
 * inbound message about 15 µs of CPU in bench/layers.ts).
 */
class LazyRepositories {
  readonly built: Partial<Record<keyof Repositories, unknown>> = {};
  constructor(
    readonly ctx: RepoContext,
    readonly hooks: RepositoryHooks,
  ) {}
}
for (const key of Object.keys(factories) as (keyof Repositories)[]) {
  Object.defineProperty(LazyRepositories.prototype, key, {
    get(this: LazyRepositories) {
      return (this.built[key] ??= factories[key](this.ctx, this.hooks));
    },
  });
}

function createRepositories(
  ctx: RepoContext,
  onAppend: (events: DomainEvent[]) => void,
  onEnqueue: () => void,
): Repositories {
  return new LazyRepositories(ctx, { onAppend, onEnqueue }) as unknown as Repositories;
}

// Compiled once: a raw sql`` template is compiled anew on every run.
const SAVEPOINT = CompiledQuery.raw('savepoint unit');
const RELEASE = CompiledQuery.raw('release unit');
const ROLLBACK_TO = CompiledQuery.raw('rollback to unit');

/** A transaction waiting for the next group commit (SQLite). */
interface PendingUnit {
  run: (tx: Kysely<Schema>) => Promise<void>;
  /** Called once the batch's fate is known: its commit, or the error that stopped it. */
  settle: (committed: boolean, batchError?: unknown) => void;
}

export class KyselyUnitOfWork implements UnitOfWork {
  readonly repos: Repositories;
  private hooks: OutboxHooks = {};
  private pending: PendingUnit[] = [];
  private draining = false;

  constructor(
    private readonly connection: Connection,
    private readonly clock: Clock,
  ) {
    // Outside a transaction each write commits alone, so hand its events straight to the bus.
    this.repos = createRepositories(
      this.context(connection.db),
      (events) => this.hooks.afterCommit?.(events, false),
      () => this.hooks.afterCommit?.([], true),
    );
  }

  /** Set once by the composition root, when the bus is built. */
  setHooks(hooks: OutboxHooks): void {
    this.hooks = hooks;
  }

  transaction<T>(fn: (repos: Repositories) => Promise<T>): Promise<T> {
    return this.connection.dialect === 'sqlite' ? this.groupCommitted(fn) : this.alone(fn);
  }

  /** PostgreSQL: each transaction on its own pooled connection; MVCC lets them run side by side. */
  private async alone<T>(fn: (repos: Repositories) => Promise<T>): Promise<T> {
    const outbox = new Outbox();
    let result: T;
    try {
      result = await this.connection.db.transaction().execute(async (tx) => {
        const value = await fn(this.transactionRepositories(tx, outbox));
        await this.beforeCommit(tx, outbox);
        return value;
      });
    } catch (error) {
      throw mapDatabaseError(error);
    }
    this.afterCommit(outbox);
    return result;
  }

  /**
   * SQLite has one writer, so its transactions run one after another anyway; what limits them is the
   * commit (a WAL append, and with synchronous=FULL an fsync). Transactions that arrive while one batch
   * runs wait for the next, which runs each in its own savepoint (a failing one rolls back alone) and
   * commits them together. Every caller still hears of success only after that commit: an answer given
   * means the data is durable, exactly as with one commit per transaction.
   */
  private groupCommitted<T>(fn: (repos: Repositories) => Promise<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const outbox = new Outbox();
      let outcome: { ok: true; value: T } | { ok: false; error: unknown } | undefined;
      this.pending.push({
        run: async (tx) => {
          await tx.executeQuery(SAVEPOINT);
          try {
            const value = await fn(this.transactionRepositories(tx, outbox));
            await this.beforeCommit(tx, outbox);
            await tx.executeQuery(RELEASE);
            outcome = { ok: true, value };
          } catch (error) {
            await tx.executeQuery(ROLLBACK_TO);
            await tx.executeQuery(RELEASE);
            outcome = { ok: false, error: mapDatabaseError(error) };
          }
        },
        settle: (committed, batchError) => {
          // Passes on what the transaction threw, as awaiting it alone would.
          /* eslint-disable @typescript-eslint/prefer-promise-reject-errors */
          if (!committed || !outcome) return reject(mapDatabaseError(batchError ?? new Error('not run')));
          if (!outcome.ok) return reject(outcome.error);
          /* eslint-enable @typescript-eslint/prefer-promise-reject-errors */
          this.afterCommit(outbox);
          resolve(outcome.value);
        },
      });
      if (!this.draining) {
        this.draining = true;
        // After the current turn of the event loop: requests read in the same turn share a commit.
        setImmediate(() => void this.drain());
      }
    });
  }

  private async drain(): Promise<void> {
    try {
      while (this.pending.length > 0) {
        const batch = this.pending;
        this.pending = [];
        try {
          await this.connection.db.transaction().execute(async (tx) => {
            for (const unit of batch) await unit.run(tx);
          });
        } catch (error) {
          for (const unit of batch) unit.settle(false, error);
          continue;
        }
        for (const unit of batch) unit.settle(true);
      }
    } finally {
      this.draining = false;
    }
  }

  private transactionRepositories(tx: Kysely<Schema>, outbox: Outbox): Repositories {
    return createRepositories(
      this.context(tx),
      (events) => outbox.events.push(...events),
      () => (outbox.enqueued = true),
    );
  }

  private async beforeCommit(tx: Kysely<Schema>, outbox: Outbox): Promise<void> {
    if (this.hooks.beforeCommit && outbox.changed) {
      await this.hooks.beforeCommit(tx, outbox.events, outbox.enqueued);
    }
  }

  private afterCommit(outbox: Outbox): void {
    if (outbox.changed) this.hooks.afterCommit?.(outbox.events, outbox.enqueued);
  }

  private context(db: Kysely<Schema>): RepoContext {
    return { db, dialect: this.connection.dialect, now: () => this.clock.now().toISOString() };
  }
}

/** What one transaction told the rest of the system, held back until it commits. */
class Outbox {
  readonly events: DomainEvent[] = [];
  enqueued = false;
  get changed(): boolean {
    return this.events.length > 0 || this.enqueued;
  }
}

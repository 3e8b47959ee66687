/**
 * The transactional outbox: a use case's rows, events and jobs commit together, and only after the
 * commit do other parts of the system hear of them.
 */
import type { Clock, DomainEvent, Repositories, UnitOfWork } from '@sofortdesk/domain';
import type { Kysely } from 'kysely';
import type { Connection } from './connect.ts';
import { mapDatabaseError } from './errors.ts';
import { accountRepository } from './repositories/accounts.ts';
import { apiTokenRepository, sessionRepository } from './repositories/auth.ts';
import { cannedAnswerRepository } from './repositories/canned-answers.ts';
import { contactRepository } from './repositories/contacts.ts';
import { conversationRepository } from './repositories/conversations.ts';
import { eventRepository } from './repositories/events.ts';
import { inboxRepository } from './repositories/inboxes.ts';
import { jobRepository } from './repositories/jobs.ts';
import { knowledgeRepository } from './repositories/knowledge.ts';
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

function createRepositories(
  ctx: RepoContext,
  onAppend: (events: DomainEvent[]) => void,
  onEnqueue: () => void,
): Repositories {
  return {
    accounts: accountRepository(ctx),
    users: userRepository(ctx),
    teams: teamRepository(ctx),
    inboxes: inboxRepository(ctx),
    contacts: contactRepository(ctx),
    conversations: conversationRepository(ctx),
    messages: messageRepository(ctx),
    events: eventRepository(ctx, onAppend),
    jobs: jobRepository(ctx, onEnqueue),
    apiTokens: apiTokenRepository(ctx),
    sessions: sessionRepository(ctx),
    visitorSessions: visitorSessionRepository(ctx),
    attachments: attachmentRepository(ctx),
    cannedAnswers: cannedAnswerRepository(ctx),
    knowledge: knowledgeRepository(ctx),
  };
}

export class KyselyUnitOfWork implements UnitOfWork {
  readonly repos: Repositories;
  private hooks: OutboxHooks = {};

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

  async transaction<T>(fn: (repos: Repositories) => Promise<T>): Promise<T> {
    const appended: DomainEvent[] = [];
    let enqueued = false;
    let result: T;
    try {
      result = await this.connection.db.transaction().execute(async (tx) => {
        const repos = createRepositories(
          this.context(tx),
          (events) => appended.push(...events),
          () => (enqueued = true),
        );
        const value = await fn(repos);
        if (this.hooks.beforeCommit && (appended.length > 0 || enqueued)) {
          await this.hooks.beforeCommit(tx, appended, enqueued);
        }
        return value;
      });
    } catch (error) {
      throw mapDatabaseError(error);
    }
    if (appended.length > 0 || enqueued) this.hooks.afterCommit?.(appended, enqueued);
    return result;
  }

  private context(db: Kysely<Schema>): RepoContext {
    return { db, dialect: this.connection.dialect, now: () => this.clock.now().toISOString() };
  }
}

import { afterAll, beforeAll, expect, it, vi } from 'vitest';
import { ConflictError, systemClock, type DomainEvent } from '@sofortdesk/domain';
import { buildAccount, describeEachDatabase, type AccountFixture } from '@sofortdesk/testing';
import type { Connection } from './connect.ts';
import { KyselyUnitOfWork } from './unit-of-work.ts';

describeEachDatabase('unit of work', (database) => {
  let connection: Connection;
  let observer: Connection;
  let uow: KyselyUnitOfWork;
  let account: AccountFixture;
  const published: DomainEvent[][] = [];

  beforeAll(async () => {
    connection = await database.open();
    // A second connection sees only what was committed.
    observer = await database.open();
    uow = new KyselyUnitOfWork(connection, systemClock);
    uow.setHooks({ afterCommit: (events) => published.push(events) });
    account = await buildAccount(uow, 'UoW');
  });
  afterAll(async () => {
    await observer?.close();
    await connection?.close();
    await database.drop();
  });

  const teamNamed = (name: string) =>
    observer.db
      .selectFrom('teams')
      .select('name')
      .where('account_id', '=', account.accountId)
      .where('name', '=', name)
      .executeTakeFirst();

  /** A transaction that creates a team, appends an event, and then fails in the way `fail` says. */
  const work = (name: string, fail?: 'throw' | 'conflict') =>
    uow.transaction(async (repos) => {
      const team = await repos.teams.create({ accountId: account.accountId, name });
      await repos.events.append(account.accountId, [
        {
          type: 'conversation.updated',
          inboxId: null,
          conversationId: null,
          data: { team: team.id },
        } as never,
      ]);
      if (fail === 'throw') throw new Error(`${name} changed its mind`);
      if (fail === 'conflict') {
        // The administrator's e-mail address is taken: a unique violation inside the transaction.
        await repos.users.create({
          accountId: account.accountId,
          email: account.admin.email,
          name: 'Twin',
          role: 'agent',
          language: 'de',
          passwordHash: 'x',
        });
      }
      return team.id;
    });

  it('commits transactions started together, except the one that failed, which rolls back alone', async () => {
    published.length = 0;
    const names = Array.from({ length: 8 }, (_, i) => `batch-${database.kind}-${i}`);
    const outcomes = await Promise.allSettled(
      names.map((name, i) => work(name, i === 3 ? 'throw' : i === 5 ? 'conflict' : undefined)),
    );
    expect(outcomes.map((o) => o.status)).toEqual([
      'fulfilled',
      'fulfilled',
      'fulfilled',
      'rejected',
      'fulfilled',
      'rejected',
      'fulfilled',
      'fulfilled',
    ]);
    expect((outcomes[3] as PromiseRejectedResult).reason).toBeInstanceOf(Error);
    expect((outcomes[5] as PromiseRejectedResult).reason).toBeInstanceOf(ConflictError);
    const stored = await Promise.all(names.map(teamNamed));
    expect(stored.map((row) => row !== undefined)).toEqual([
      true,
      true,
      true,
      false,
      true,
      false,
      true,
      true,
    ]);
    // Only the committed ones told the bus, each once, with cursors without gaps.
    expect(published).toHaveLength(6);
    const cursors = published.flat().map((event) => event.cursor);
    const sorted = [...cursors].sort((a, b) => a - b);
    expect(sorted.at(-1)! - sorted[0]!).toBe(5);
    // SQLite's shared commit tells them in cursor order; PostgreSQL's separate commits finish in any order.
    if (database.kind === 'sqlite') expect(cursors).toEqual(sorted);
  });

  it('answers a caller only once its data is committed', async () => {
    const names = Array.from({ length: 6 }, (_, i) => `visible-${database.kind}-${i}`);
    const seenOnAnswer = await Promise.all(names.map(async (name) => teamNamed((await work(name), name))));
    expect(seenOnAnswer.every((row) => row !== undefined)).toBe(true);
  });

  it.runIf(database.kind === 'sqlite')(
    'gives transactions that arrive together one commit (SQLite)',
    async () => {
      const begin = vi.spyOn(connection.db, 'transaction');
      try {
        await Promise.all(Array.from({ length: 10 }, (_, i) => work(`shared-commit-${i}`)));
        expect(begin).toHaveBeenCalledTimes(1);
      } finally {
        begin.mockRestore();
      }
    },
  );

  it('keeps later transactions working after a batch failed', async () => {
    await expect(work(`after-failure-${database.kind}`, 'throw')).rejects.toThrow('changed its mind');
    const id = await work(`after-failure-ok-${database.kind}`);
    expect(id).toBeTruthy();
    expect(await teamNamed(`after-failure-ok-${database.kind}`)).toBeDefined();
  });
});

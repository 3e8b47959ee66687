/**
 * The automatic answers' persistence on both databases: settings on the account row, training pairs
 * scoped by account, and an answer's outcome decided once.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { systemClock, type UseCaseDeps } from '@sofortdesk/domain';
import { buildAccount, describeEachDatabase, type AccountFixture } from '@sofortdesk/testing';
import type { Connection } from '../connect.ts';
import { KyselyUnitOfWork } from '../unit-of-work.ts';

describeEachDatabase('automatic answers repositories', (database) => {
  let connection: Connection;
  let deps: UseCaseDeps;
  let a: AccountFixture;
  let b: AccountFixture;

  beforeAll(async () => {
    connection = await database.open();
    deps = { uow: new KyselyUnitOfWork(connection, systemClock), clock: systemClock };
    a = await buildAccount(deps.uow, 'A');
    b = await buildAccount(deps.uow, 'B');
  });
  afterAll(async () => {
    await connection?.close();
    await database.drop();
  });

  it('keeps the settings per account: off and 0.95 until changed', async () => {
    const repo = deps.uow.repos.autoAnswers;
    expect(await repo.getSettings(a.accountId)).toEqual({ enabled: false, precisionTarget: 0.95 });
    await repo.setSettings(a.accountId, { enabled: true, precisionTarget: 0.975 });
    expect(await repo.getSettings(a.accountId)).toEqual({ enabled: true, precisionTarget: 0.975 });
    expect(await repo.getSettings(b.accountId)).toEqual({ enabled: false, precisionTarget: 0.95 });
  });

  it('lists training pairs of one account only, oldest first, by source', async () => {
    const pairs = deps.uow.repos.trainingPairs;
    await pairs.add({
      accountId: a.accountId,
      articleId: 'art-1',
      question: 'Q1',
      source: 'suggestion',
      label: 'positive',
    });
    await pairs.add({
      accountId: a.accountId,
      articleId: 'art-2',
      question: 'Q2',
      source: 'auto-answer',
      label: 'negative',
    });
    await pairs.add({
      accountId: b.accountId,
      articleId: 'art-3',
      question: 'Q3',
      source: 'suggestion',
      label: 'positive',
    });
    expect((await pairs.list(a.accountId)).map((p) => [p.question, p.label])).toEqual([
      ['Q1', 'positive'],
      ['Q2', 'negative'],
    ]);
    expect((await pairs.list(a.accountId, { source: 'auto-answer' })).map((p) => p.articleId)).toEqual([
      'art-2',
    ]);
    expect((await pairs.list(b.accountId)).map((p) => p.question)).toEqual(['Q3']);
  });

  it('records an automatic answer and decides its outcome once', async () => {
    const repo = deps.uow.repos.autoAnswers;
    const record = await repo.create({
      accountId: a.accountId,
      conversationId: 'conv-1',
      questionMessageId: 'm-1',
      question: 'Wie ändere ich mein Passwort?',
      answerMessageId: 'm-2',
      articleId: 'art-1',
      articleTitle: 'Passwort',
      probability: 0.9731,
    });
    expect(record.outcome).toBe('pending');
    const latest = await repo.latestForConversation(a.accountId, 'conv-1');
    expect(latest).toMatchObject({ id: record.id, probability: 0.9731, outcome: 'pending' });
    expect(await repo.latestForConversation(b.accountId, 'conv-1')).toBeUndefined();
    expect(await repo.decide(b.accountId, record.id, 'helpful')).toBe(false);
    expect(await repo.decide(a.accountId, record.id, 'helpful')).toBe(true);
    expect(await repo.decide(a.accountId, record.id, 'not-helpful')).toBe(false);
    expect((await repo.latestForConversation(a.accountId, 'conv-1'))?.outcome).toBe('helpful');
  });
});

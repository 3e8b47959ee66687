import { afterAll, beforeAll, expect, it } from 'vitest';
import {
  contactTimeline,
  getConversation,
  ingestInboundMessage,
  listConversations,
  listEventsAfter,
  mergeContacts,
  NotFoundError,
  replyToConversation,
  systemClock,
  updateConversation,
  type UseCaseDeps,
} from '@sofortdesk/domain';
import { buildAccount, describeEachDatabase, type AccountFixture } from '@sofortdesk/testing';
import { KyselyUnitOfWork } from './unit-of-work.ts';
import type { Connection } from './connect.ts';

describeEachDatabase('inbox model', (database) => {
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

  const inbound = (fixture: AccountFixture, externalId: string, identifier: string, extra: object = {}) =>
    ingestInboundMessage(deps, fixture.adminActor, {
      inboxId: fixture.inbox.id,
      externalId,
      contact: { identifier, name: 'Erika Mustermann', ...extra },
      text: `Nachricht ${externalId}`,
    });

  it('creates a conversation for a new contact and continues it with the next message', async () => {
    const first = await inbound(a, 'm-1', 'user-1');
    const second = await inbound(a, 'm-2', 'user-1');
    expect(first.created).toBe(true);
    expect(second.conversationId).toBe(first.conversationId);
    expect(second.contactId).toBe(first.contactId);
    expect(second.messageId).not.toBe(first.messageId);
  });

  it('answers a repeated externalId with the first ids and creates nothing', async () => {
    const first = await inbound(a, 'm-dup', 'user-2');
    const before = await deps.uow.repos.events.latestCursor(a.accountId);
    const again = await inbound(a, 'm-dup', 'user-2');
    expect(again).toEqual({ ...first, created: false });
    expect(await deps.uow.repos.events.latestCursor(a.accountId)).toBe(before);
  });

  it('keeps externalIds apart per inbox and accounts apart entirely', async () => {
    const inA = await inbound(a, 'shared-id', 'user-3');
    const inB = await inbound(b, 'shared-id', 'user-3');
    expect(inB.created).toBe(true);
    expect(inB.contactId).not.toBe(inA.contactId);
    await expect(getConversation(deps, b.adminActor, inA.conversationId)).rejects.toBeInstanceOf(
      NotFoundError,
    );
  });

  it('recognises a customer by e-mail across inboxes', async () => {
    const app = await inbound(a, 'm-email-1', 'app-77', { email: 'Kunde@Example.de' });
    const phone = await ingestInboundMessage(deps, a.adminActor, {
      inboxId: a.otherInbox.id,
      externalId: 'call-1',
      contact: { identifier: '+49 30 1234567', email: 'kunde@example.de' },
      text: 'Rückruf erbeten',
    });
    expect(phone.contactId).toBe(app.contactId);
    expect(phone.conversationId).not.toBe(app.conversationId);
    const timeline = await contactTimeline(deps, a.adminActor, app.contactId, { limit: 50 });
    expect(timeline.items.map((m) => m.text)).toEqual(['Nachricht m-email-1', 'Rückruf erbeten']);
  });

  it('shows agents only the inboxes they work in', async () => {
    const hidden = await ingestInboundMessage(deps, a.adminActor, {
      inboxId: a.otherInbox.id,
      externalId: 'hidden-1',
      contact: { identifier: 'caller-9' },
      text: 'Nur für Admins sichtbar',
    });
    await expect(getConversation(deps, a.agentActor, hidden.conversationId)).rejects.toBeInstanceOf(
      NotFoundError,
    );
    const list = await listConversations(deps, a.agentActor, { limit: 100 });
    expect(list.items.every((c) => c.inboxId === a.inbox.id)).toBe(true);
    expect(list.items.length).toBeGreaterThan(0);
  });

  it('merges two contacts without losing conversations, identities or messages', async () => {
    const one = await inbound(a, 'merge-1', 'merge-user-1');
    const two = await inbound(a, 'merge-2', 'merge-user-2', { email: 'zwei@example.de' });
    const merged = await mergeContacts(deps, a.adminActor, one.contactId, two.contactId);
    expect(merged.email).toBe('zwei@example.de');
    const identities = await deps.uow.repos.contacts.listIdentities(a.accountId, one.contactId);
    expect(identities.map((i) => i.value).sort()).toEqual(
      [`${a.inbox.id}:merge-user-1`, `${a.inbox.id}:merge-user-2`, 'zwei@example.de'].sort(),
    );
    expect((await getConversation(deps, a.adminActor, two.conversationId)).contactId).toBe(one.contactId);
    const timeline = await contactTimeline(deps, a.adminActor, one.contactId, { limit: 50 });
    expect(timeline.items.map((m) => m.externalId)).toEqual(['merge-1', 'merge-2']);
    expect(await deps.uow.repos.contacts.get(a.accountId, two.contactId)).toBeUndefined();
    // The next message from the merged identity lands with the surviving contact.
    const later = await inbound(a, 'merge-3', 'merge-user-2');
    expect(later.contactId).toBe(one.contactId);
  });

  it('numbers events per account without gaps, and replays what a client missed', async () => {
    const start = await deps.uow.repos.events.latestCursor(b.accountId);
    const first = await inbound(b, 'ev-1', 'ev-user');
    await replyToConversation(deps, b.adminActor, first.conversationId, { text: 'Danke!', kind: 'text' });
    const { events } = await listEventsAfter(deps, b.adminActor, start, 100);
    expect(events.map((e) => e.type)).toEqual(['conversation.created', 'message.created', 'message.created']);
    expect(events.map((e) => e.cursor)).toEqual([start + 1, start + 2, start + 3]);
  });

  it('snoozes with a future time, schedules the wake-up once, and refuses a past one', async () => {
    const { conversationId } = await inbound(a, 'snooze-1', 'snoozer');
    const until = new Date(Date.now() + 60_000).toISOString();
    const snoozed = await updateConversation(deps, a.adminActor, conversationId, {
      status: 'snoozed',
      snoozedUntil: until,
    });
    expect(snoozed.status).toBe('snoozed');
    await updateConversation(deps, a.adminActor, conversationId, { status: 'snoozed', snoozedUntil: until });
    // Once, however often it is snoozed to the same time (other jobs, such as triage, are not counted).
    const wakeUps = await connection.db
      .selectFrom('jobs')
      .select('id')
      .where('type', '=', 'conversation.unsnooze')
      .where('status', '=', 'pending')
      .execute();
    expect(wakeUps).toHaveLength(1);
    await expect(
      updateConversation(deps, a.adminActor, conversationId, {
        status: 'snoozed',
        snoozedUntil: '2001-01-01T00:00:00Z',
      }),
    ).rejects.toThrow(/future/);
    // A new customer message wakes it up at once.
    await inbound(a, 'snooze-2', 'snoozer');
    expect((await getConversation(deps, a.adminActor, conversationId)).status).toBe('open');
  });

  it('refuses an assignee who does not work in the inbox', async () => {
    const { conversationId } = await ingestInboundMessage(deps, a.adminActor, {
      inboxId: a.otherInbox.id,
      externalId: 'assign-1',
      contact: { identifier: 'assign-user' },
      text: 'Hallo',
    });
    await expect(
      updateConversation(deps, a.adminActor, conversationId, { assigneeId: a.agent.id }),
    ).rejects.toThrow(/cannot work in this inbox/);
    const assigned = await updateConversation(deps, a.adminActor, conversationId, { assigneeId: a.admin.id });
    expect(assigned.assigneeId).toBe(a.admin.id);
  });

  it('pages conversations with a cursor, newest first, without repeats', async () => {
    for (let i = 0; i < 5; i++) await inbound(b, `page-${i}`, `pager-${i}`);
    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await listConversations(deps, b.adminActor, { limit: 2, cursor });
      seen.push(...page.items.map((c) => c.id));
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen.length).toBeGreaterThanOrEqual(5);
  });
});

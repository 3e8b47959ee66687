/**
 * The inbox list on both databases: waitingSince kept by the use cases that store messages, the
 * waiting-time order, every filter, and keyset pages that stay whole while conversations are added.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ingestInboundMessage,
  InvalidError,
  listConversations,
  postVisitorMessage,
  replyToConversation,
  updateConversation,
  type Actor,
  type Clock,
  type Conversation,
  type ConversationFilter,
  type UseCaseDeps,
  type WebchatDeps,
} from '@sofortdesk/domain';
import { buildAccount, describeEachDatabase, type AccountFixture } from '@sofortdesk/testing';
import { KyselyUnitOfWork } from '../unit-of-work.ts';
import type { Connection } from '../connect.ts';
import { migrationProvider } from '../migrations.ts';

/** A clock the test moves: every message gets a moment of its own, in the order written. */
function steppingClock(
  start = Date.parse('2026-03-01T08:00:00.000Z'),
): Clock & { advance(ms: number): void } {
  let now = start;
  return {
    now: () => new Date(now),
    advance(ms) {
      now += ms;
    },
  };
}

describeEachDatabase('conversation list', (database) => {
  let connection: Connection;
  let deps: UseCaseDeps;
  let clock: ReturnType<typeof steppingClock>;
  let a: AccountFixture;
  let sequence = 0;

  beforeAll(async () => {
    connection = await database.open();
    clock = steppingClock();
    deps = { uow: new KyselyUnitOfWork(connection, clock), clock };
    a = await buildAccount(deps.uow, 'A');
  });
  afterAll(async () => {
    await connection?.close();
    await database.drop();
  });

  /** A customer writes (one minute after whatever happened before). */
  async function customer(identifier: string, inboxId = a.inbox.id) {
    clock.advance(60_000);
    return ingestInboundMessage(deps, a.adminActor, {
      inboxId,
      externalId: `m-${++sequence}`,
      contact: { identifier, name: identifier },
      text: `Frage ${sequence}`,
    });
  }
  async function agent(conversationId: string, kind: 'text' | 'note' = 'text') {
    clock.advance(60_000);
    return replyToConversation(deps, a.adminActor, conversationId, { text: 'Antwort', kind });
  }
  const get = async (id: string) => (await deps.uow.repos.conversations.get(a.accountId, id))!;
  const at = () => clock.now().toISOString();

  /** Every page of a listing, following nextCursor. */
  async function everyPage(
    actor: Actor,
    filter: Omit<ConversationFilter, 'limit' | 'inboxIds'>,
    limit: number,
    between?: () => Promise<void>,
  ): Promise<Conversation[]> {
    const items: Conversation[] = [];
    let cursor: string | undefined;
    for (let page = 0; page < 100; page++) {
      const result = await listConversations(deps, actor, { ...filter, limit, cursor });
      items.push(...result.items);
      if (!result.nextCursor) return items;
      cursor = result.nextCursor;
      await between?.();
    }
    throw new Error('more than 100 pages');
  }

  describe('waitingSince', () => {
    it("starts with the customer's first unanswered message and survives more of theirs and notes", async () => {
      const first = await customer('wait-1');
      const since = at();
      expect((await get(first.conversationId)).waitingSince).toBe(since);
      await customer('wait-1');
      expect((await get(first.conversationId)).waitingSince).toBe(since);
      await agent(first.conversationId, 'note');
      expect((await get(first.conversationId)).waitingSince).toBe(since);
    });

    it('ends with a reply and starts again with the next customer message', async () => {
      const { conversationId } = await customer('wait-2');
      await agent(conversationId);
      expect((await get(conversationId)).waitingSince).toBeNull();
      await customer('wait-2');
      expect((await get(conversationId)).waitingSince).toBe(at());
    });

    it('is kept for web chat visitors too', async () => {
      const contact = await deps.uow.repos.contacts.create({
        accountId: a.accountId,
        name: 'Besucherin',
        email: null,
        phone: null,
        language: 'de',
      });
      const visitor = await deps.uow.repos.visitorSessions.create({
        accountId: a.accountId,
        inboxId: a.inbox.id,
        contactId: contact.id,
        tokenHash: `hash-${contact.id}`,
        verified: false,
        expiresAt: '2099-01-01T00:00:00.000Z',
      });
      clock.advance(60_000);
      const { message } = await postVisitorMessage(deps as WebchatDeps, visitor, {
        text: 'Hallo?',
        clientMessageId: 'c-1',
        attachmentKeys: [],
      });
      expect((await get(message.conversationId)).waitingSince).toBe(message.createdAt);
      await agent(message.conversationId);
      expect((await get(message.conversationId)).waitingSince).toBeNull();
    });
  });

  it('is worked out from the stored messages for conversations older than migration 0005', async () => {
    const waits = await customer('backfill-1');
    const since = at();
    await agent(waits.conversationId, 'note');
    await customer('backfill-1');
    const answered = await customer('backfill-2');
    await agent(answered.conversationId);
    const expected = [since, null];
    const ids = [waits.conversationId, answered.conversationId];
    // The migration again, on rows it did not see being written: down (the column goes), then up.
    const migration = (await migrationProvider(connection.dialect).getMigrations())['0005_waiting_since']!;
    await migration.down!(connection.db);
    await migration.up(connection.db);
    expect(await Promise.all(ids.map(async (id) => (await get(id)).waitingSince))).toEqual(expected);
  });

  describe('order and filters', () => {
    let fixture: AccountFixture;
    let actor: Actor;
    const ids: Record<string, string> = {};

    beforeAll(async () => {
      fixture = await buildAccount(deps.uow, 'Order');
      actor = fixture.adminActor;
      const write = async (name: string, inboxId = fixture.inbox.id) => {
        clock.advance(60_000);
        const result = await ingestInboundMessage(deps, actor, {
          inboxId,
          externalId: `o-${++sequence}`,
          contact: { identifier: name, name },
          text: 'Hallo',
        });
        ids[name] = result.conversationId;
      };
      const answer = async (name: string) => {
        clock.advance(60_000);
        await replyToConversation(deps, actor, ids[name]!, { text: 'Erledigt', kind: 'text' });
      };
      // Waiting since: oldest, middle (written twice), newest; answered: early, late.
      await write('oldest');
      await write('answered-early');
      await answer('answered-early');
      await write('middle');
      await write('answered-late', fixture.otherInbox.id);
      await write('middle');
      await write('newest');
      await answer('answered-late');
      await updateConversation(deps, actor, ids['middle']!, {
        priority: 'high',
        labels: ['Rechnung', 'vip'],
      });
      await updateConversation(deps, actor, ids['newest']!, {
        assigneeId: fixture.admin.id,
        labels: ['vip'],
      });
      await updateConversation(deps, actor, ids['answered-early']!, { status: 'resolved' });
    });

    const names = (items: Conversation[]) =>
      items.map((item) => Object.keys(ids).find((name) => ids[name] === item.id));
    const list = async (filter: Omit<ConversationFilter, 'limit' | 'inboxIds'>) =>
      names((await listConversations(deps, actor, { ...filter, limit: 50 })).items);

    it('puts the waiting first, longest-waiting on top, then the rest by last activity', async () => {
      expect(await list({ sort: 'waiting' })).toEqual([
        'oldest',
        'middle',
        'newest',
        'answered-late',
        'answered-early',
      ]);
    });

    it('sorts by last activity on request', async () => {
      expect(await list({ sort: 'recent' })).toEqual([
        'answered-late',
        'newest',
        'middle',
        'answered-early',
        'oldest',
      ]);
    });

    it('filters by status, assignee, inbox, channel, label, language and priority, combined', async () => {
      expect(await list({ sort: 'waiting', status: 'open' })).toEqual([
        'oldest',
        'middle',
        'newest',
        'answered-late',
      ]);
      expect(await list({ sort: 'waiting', assigneeId: fixture.admin.id })).toEqual(['newest']);
      expect(await list({ sort: 'waiting', assigneeId: null, status: 'open' })).toEqual([
        'oldest',
        'middle',
        'answered-late',
      ]);
      expect(await list({ sort: 'waiting', inboxId: fixture.otherInbox.id })).toEqual(['answered-late']);
      expect(await list({ sort: 'waiting', channel: 'api' })).toHaveLength(5);
      expect(await list({ sort: 'waiting', channel: 'webchat' })).toEqual([]);
      expect(await list({ sort: 'waiting', label: 'vip' })).toEqual(['middle', 'newest']);
      expect(await list({ sort: 'waiting', label: 'rechnung' })).toEqual(['middle']);
      // A label is matched whole, never as a part of another one or of the JSON around it.
      for (const label of ['vi', 'ip', '"vip"', '%', 'vip"]']) expect(await list({ label })).toEqual([]);
      expect(await list({ sort: 'waiting', priority: 'high', label: 'vip' })).toEqual(['middle']);
      expect(await list({ sort: 'waiting', priority: 'urgent' })).toEqual([]);
      expect(await list({ sort: 'recent', language: 'de', status: 'open' })).toHaveLength(4);
      expect(await list({ language: 'en' })).toEqual([]);
    });

    it('pages through both segments without gaps or repeats, at every page size', async () => {
      const all = await list({ sort: 'waiting' });
      for (const limit of [1, 2, 3, 4, 5, 6]) {
        expect(names(await everyPage(actor, { sort: 'waiting' }, limit)), `limit ${limit}`).toEqual(all);
        expect(names(await everyPage(actor, { sort: 'recent' }, limit)), `limit ${limit}`).toEqual(
          await list({ sort: 'recent' }),
        );
      }
    });

    it("refuses a cursor of another sort or one it never gave out (422), and another account's gets nothing", async () => {
      const page = await listConversations(deps, actor, { sort: 'waiting', limit: 1 });
      await expect(
        listConversations(deps, actor, { sort: 'recent', limit: 1, cursor: page.nextCursor! }),
      ).rejects.toBeInstanceOf(InvalidError);
      for (const cursor of ['x', Buffer.from('["w","yesterday","a"]').toString('base64url')]) {
        await expect(listConversations(deps, actor, { limit: 1, cursor })).rejects.toBeInstanceOf(
          InvalidError,
        );
      }
      const other = await listConversations(deps, a.adminActor, { inboxId: fixture.inbox.id, limit: 50 });
      expect(other.items).toEqual([]);
    });
  });

  it('keeps pages whole while customers write (new conversations land after the cursor or before it, never twice)', async () => {
    const fixture = await buildAccount(deps.uow, 'Stable');
    const actor = fixture.adminActor;
    const write = async (identifier: string, inboxId = fixture.inbox.id) => {
      clock.advance(1_000);
      return ingestInboundMessage(deps, actor, {
        inboxId,
        externalId: `s-${++sequence}`,
        contact: { identifier },
        text: 'Hallo',
      });
    };
    const before: string[] = [];
    for (let i = 0; i < 30; i++) {
      const { conversationId } = await write(`stable-${i}`);
      before.push(conversationId);
      // Every third one answered: both segments are paged through.
      if (i % 3 === 0) await replyToConversation(deps, actor, conversationId, { text: 'Ok', kind: 'text' });
    }
    let added = 0;
    const seen = await everyPage(actor, { sort: 'waiting' }, 4, async () => {
      await write(`stable-new-${++added}`);
    });
    const seenIds = seen.map((c) => c.id);
    expect(new Set(seenIds).size).toBe(seenIds.length);
    expect(seenIds).toEqual(expect.arrayContaining(before));
  });
});

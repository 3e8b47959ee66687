import type { DomainEvent, EventType, Repositories } from '@sofortdesk/domain';
import type { EventsTable } from '../schema.ts';
import { parseJson, type RepoContext } from './support.ts';
import { insertRows, QueryTemplate } from './templates.ts';

const advanceCursor = new QueryTemplate(2, (db, accountId: string, count: number) =>
  db
    .updateTable('accounts')
    .set((eb) => ({ event_cursor: eb('event_cursor', '+', count) }))
    .where('id', '=', accountId)
    .returning('event_cursor'),
);

export const toEvent = (row: EventsTable): DomainEvent =>
  ({
    accountId: row.account_id,
    cursor: row.cursor,
    type: row.type as EventType,
    inboxId: row.inbox_id,
    conversationId: row.conversation_id,
    data: parseJson(row.data),
    createdAt: row.created_at,
  }) as DomainEvent;

export function eventRepository(
  { db, dialect, now }: RepoContext,
  onAppend: (events: DomainEvent[]) => void,
): Repositories['events'] {
  return {
    async append(accountId, events) {
      if (events.length === 0) return [];
      // The increment locks the account row until commit, so one account's events commit in cursor
      // order: a client that has seen cursor n can never later miss an event numbered below n.
      const [advanced] = await advanceCursor.execute(db, dialect, accountId, events.length);
      if (!advanced) throw new Error(`no account ${accountId} to append events to`);
      const last = advanced.event_cursor;
      const first = Number(last) - events.length + 1;
      const at = now();
      const rows: EventsTable[] = events.map((event, index) => ({
        account_id: accountId,
        cursor: first + index,
        type: event.type,
        inbox_id: event.inboxId,
        conversation_id: event.conversationId,
        data: JSON.stringify(event.data),
        created_at: at,
      }));
      await insertRows(db, dialect, 'events', rows);
      const appended = rows.map(toEvent);
      onAppend(appended);
      return appended;
    },
    async listAfter(accountId, cursor, limit) {
      const rows = await db
        .selectFrom('events')
        .selectAll()
        .where('account_id', '=', accountId)
        .where('cursor', '>', cursor)
        .orderBy('cursor')
        .limit(limit)
        .execute();
      return rows.map(toEvent);
    },
    async latestCursor(accountId) {
      const row = await db
        .selectFrom('accounts')
        .select('event_cursor')
        .where('id', '=', accountId)
        .executeTakeFirst();
      return Number(row?.event_cursor ?? 0);
    },
  };
}

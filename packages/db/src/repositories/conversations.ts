import type { Conversation, ConversationStatus, Language, Priority, Repositories } from '@sofortdesk/domain';
import { newId } from '../ids.ts';
import type { ConversationsTable } from '../schema.ts';
import { decodeCursor, parseJson, toPage, type RepoContext } from './support.ts';

const toConversation = (row: ConversationsTable): Conversation => ({
  id: row.id,
  accountId: row.account_id,
  inboxId: row.inbox_id,
  contactId: row.contact_id,
  status: row.status as ConversationStatus,
  priority: row.priority as Priority,
  assigneeId: row.assignee_id,
  teamId: row.team_id,
  labels: parseJson<string[]>(row.labels),
  language: row.language as Language | null,
  snoozedUntil: row.snoozed_until,
  lastMessageAt: row.last_message_at,
  createdAt: row.created_at,
  updatedAt: row.updated_at,
});

export function conversationRepository({ db, now }: RepoContext): Repositories['conversations'] {
  return {
    async create(input) {
      const row: ConversationsTable = {
        id: newId(),
        account_id: input.accountId,
        inbox_id: input.inboxId,
        contact_id: input.contactId,
        status: 'open',
        priority: 'none',
        assignee_id: null,
        team_id: null,
        labels: '[]',
        language: input.language,
        snoozed_until: null,
        last_message_at: input.at,
        created_at: input.at,
        updated_at: input.at,
      };
      await db.insertInto('conversations').values(row).execute();
      return toConversation(row);
    },
    async get(accountId, id) {
      const row = await db
        .selectFrom('conversations')
        .selectAll()
        .where('account_id', '=', accountId)
        .where('id', '=', id)
        .executeTakeFirst();
      return row && toConversation(row);
    },
    async findActive(accountId, inboxId, contactId) {
      // No ORDER BY in SQL: with one, SQLite walks conversations_account_recent (every conversation
      // of the account) instead of conversations_contact. A contact has one or two active ones.
      const rows = await db
        .selectFrom('conversations')
        .selectAll()
        .where('account_id', '=', accountId)
        .where('contact_id', '=', contactId)
        .where('inbox_id', '=', inboxId)
        .where('status', '!=', 'resolved')
        .execute();
      let latest: ConversationsTable | undefined;
      for (const row of rows) if (!latest || row.last_message_at > latest.last_message_at) latest = row;
      return latest && toConversation(latest);
    },
    async update(accountId, id, changes) {
      const { labels, assigneeId, teamId, snoozedUntil, lastMessageAt, status, priority } = changes;
      const row = await db
        .updateTable('conversations')
        .set({
          ...(status !== undefined && { status }),
          ...(priority !== undefined && { priority }),
          ...(assigneeId !== undefined && { assignee_id: assigneeId }),
          ...(teamId !== undefined && { team_id: teamId }),
          ...(labels !== undefined && { labels: JSON.stringify(labels) }),
          ...(snoozedUntil !== undefined && { snoozed_until: snoozedUntil }),
          ...(lastMessageAt !== undefined && { last_message_at: lastMessageAt }),
          updated_at: now(),
        })
        .where('account_id', '=', accountId)
        .where('id', '=', id)
        .returningAll()
        .executeTakeFirstOrThrow();
      return toConversation(row);
    },
    async list(accountId, filter) {
      if (filter.inboxIds?.length === 0) return { items: [], nextCursor: null };
      const after = decodeCursor(filter.cursor);
      let q = db.selectFrom('conversations').selectAll().where('account_id', '=', accountId);
      if (filter.inboxIds) q = q.where('inbox_id', 'in', filter.inboxIds);
      if (filter.status) q = q.where('status', '=', filter.status);
      if (filter.inboxId) q = q.where('inbox_id', '=', filter.inboxId);
      if (filter.teamId) q = q.where('team_id', '=', filter.teamId);
      if (filter.contactId) q = q.where('contact_id', '=', filter.contactId);
      if (filter.assigneeId === null) q = q.where('assignee_id', 'is', null);
      else if (filter.assigneeId) q = q.where('assignee_id', '=', filter.assigneeId);
      if (after) {
        q = q.where((eb) =>
          eb.or([
            eb('last_message_at', '<', after[0]),
            eb.and([eb('last_message_at', '=', after[0]), eb('id', '<', after[1])]),
          ]),
        );
      }
      const rows = await q
        .orderBy('last_message_at', 'desc')
        .orderBy('id', 'desc')
        .limit(filter.limit + 1)
        .execute();
      return toPage(rows, filter.limit, toConversation, (row) => [row.last_message_at, row.id]);
    },
  };
}

import {
  NotFoundError,
  type Conversation,
  type ConversationSla,
  type ConversationStatus,
  type Language,
  type Priority,
  type Repositories,
} from '@sofortdesk/domain';
import { newId } from '../ids.ts';
import type { ConversationsTable } from '../schema.ts';
import { listConversations } from './conversation-list.ts';
import { parseJson, type RepoContext } from './support.ts';
import { QueryTemplate, QueryTemplates } from './templates.ts';

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
  waitingSince: row.waiting_since,
  contactLastReadAt: row.contact_last_read_at,
  agentLastReadAt: row.agent_last_read_at,
  slaPolicyId: row.sla_policy_id ?? null,
  sla: row.sla ? parseJson<ConversationSla>(row.sla) : null,
  createdAt: row.created_at,
  updatedAt: row.updated_at,
});

const activeOfContact = new QueryTemplate(3, (db, accountId: string, contactId: string, inboxId: string) =>
  db
    .selectFrom('conversations')
    .selectAll()
    .where('account_id', '=', accountId)
    .where('contact_id', '=', contactId)
    .where('inbox_id', '=', inboxId)
    .where('status', '!=', 'resolved'),
);

/** UPDATE ... RETURNING * of the columns named in the key (comma-separated), then account and id. */
const updateColumns = new QueryTemplates<unknown[], ConversationsTable>(
  (key) => key.split(',').length + 2,
  (key) =>
    (db, accountId, id, ...values) =>
      db
        .updateTable('conversations')
        .set(Object.fromEntries(key.split(',').map((column, i) => [column, values[i]])))
        .where('account_id', '=', accountId as string)
        .where('id', '=', id as string)
        .returningAll(),
);

export function conversationRepository(context: RepoContext): Repositories['conversations'] {
  const { db, dialect, now } = context;
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
        waiting_since: null,
        contact_last_read_at: null,
        agent_last_read_at: null,
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
      const rows = await activeOfContact.execute(db, dialect, accountId, contactId, inboxId);
      let latest: ConversationsTable | undefined;
      for (const row of rows) if (!latest || row.last_message_at > latest.last_message_at) latest = row;
      return latest && toConversation(latest);
    },
    async update(accountId, id, changes) {
      const { labels, assigneeId, teamId, snoozedUntil, lastMessageAt, waitingSince, status, priority, sla } =
        changes;
      const set: Partial<ConversationsTable> = {
        ...(status !== undefined && { status }),
        ...(priority !== undefined && { priority }),
        ...(assigneeId !== undefined && { assignee_id: assigneeId }),
        ...(teamId !== undefined && { team_id: teamId }),
        ...(labels !== undefined && { labels: JSON.stringify(labels) }),
        ...(snoozedUntil !== undefined && { snoozed_until: snoozedUntil }),
        ...(lastMessageAt !== undefined && { last_message_at: lastMessageAt }),
        ...(waitingSince !== undefined && { waiting_since: waitingSince }),
        ...(sla !== undefined && { sla: sla && JSON.stringify(sla) }),
        updated_at: now(),
      };
      const columns = Object.keys(set) as (keyof ConversationsTable)[];
      const [row] = await updateColumns
        .for(columns.join(','))
        .execute(db, dialect, accountId, id, ...columns.map((column) => set[column]));
      if (!row) throw new NotFoundError('Conversation');
      return toConversation(row);
    },
    list(accountId, filter) {
      return listConversations(context, accountId, filter, toConversation);
    },
    async markRead(accountId, id, reader, at) {
      const column = reader === 'contact' ? 'contact_last_read_at' : 'agent_last_read_at';
      // One conditional UPDATE: concurrent marks (two tabs) cannot move the mark backwards.
      const row = await db
        .updateTable('conversations')
        .set({ [column]: at })
        .where('account_id', '=', accountId)
        .where('id', '=', id)
        .where((eb) => eb.or([eb(column, 'is', null), eb(column, '<', at)]))
        .returningAll()
        .executeTakeFirst();
      return row && toConversation(row);
    },
  };
}

import type {
  Attachment,
  Message,
  MessageDelivery,
  MessageDirection,
  MessageEmail,
  MessageKind,
  Repositories,
} from '@sofortdesk/domain';
import { newId } from '../ids.ts';
import type { MessagesTable } from '../schema.ts';
import { decodeCursor, parseJson, toPage, type RepoContext } from './support.ts';
import { insertRows, QueryTemplate } from './templates.ts';

/** The idempotency check of every inbound message: a template (templates.ts). */
const byExternalId = new QueryTemplate(3, (db, accountId: string, inboxId: string, externalId: string) =>
  db
    .selectFrom('messages')
    .selectAll()
    .where('inbox_id', '=', inboxId)
    .where('external_id', '=', externalId)
    .where('account_id', '=', accountId),
);

const toMessage = (row: MessagesTable): Message => ({
  id: row.id,
  accountId: row.account_id,
  inboxId: row.inbox_id,
  conversationId: row.conversation_id,
  direction: row.direction as MessageDirection,
  kind: row.kind as MessageKind,
  authorType: row.author_type as Message['authorType'],
  authorId: row.author_id,
  text: row.text,
  externalId: row.external_id,
  attachments: parseJson<Attachment[]>(row.attachments),
  ...(row.email && { email: parseJson<MessageEmail>(row.email) }),
  ...(row.delivery && { delivery: parseJson<MessageDelivery>(row.delivery) }),
  createdAt: row.created_at,
});

export function messageRepository({ db, dialect }: RepoContext): Repositories['messages'] {
  return {
    async create(input) {
      const row: MessagesTable = {
        id: newId(),
        account_id: input.accountId,
        inbox_id: input.inboxId,
        conversation_id: input.conversationId,
        direction: input.direction,
        kind: input.kind,
        author_type: input.authorType,
        author_id: input.authorId,
        text: input.text,
        external_id: input.externalId,
        attachments: JSON.stringify(input.attachments),
        ...(input.email && { email: JSON.stringify(input.email) }),
        created_at: input.at,
      };
      await insertRows(db, dialect, 'messages', [row]);
      return toMessage(row);
    },
    async get(accountId, id) {
      const row = await db
        .selectFrom('messages')
        .selectAll()
        .where('account_id', '=', accountId)
        .where('id', '=', id)
        .executeTakeFirst();
      return row && toMessage(row);
    },
    async findByExternalId(accountId, inboxId, externalId) {
      const [row] = await byExternalId.execute(db, dialect, accountId, inboxId, externalId);
      return row && toMessage(row);
    },
    async findByExternalIds(accountId, inboxId, externalIds) {
      if (externalIds.length === 0) return [];
      const rows = await db
        .selectFrom('messages')
        .selectAll()
        .where('inbox_id', '=', inboxId)
        .where('external_id', 'in', externalIds.slice(0, 100))
        .where('account_id', '=', accountId)
        .execute();
      return rows.map(toMessage);
    },
    async setDelivery(accountId, id, delivery) {
      const row = await db
        .updateTable('messages')
        .set({ delivery: JSON.stringify(delivery) })
        .where('account_id', '=', accountId)
        .where('id', '=', id)
        .returningAll()
        .executeTakeFirst();
      return row && toMessage(row);
    },
    async listForConversation(accountId, conversationId, { limit, cursor, order = 'oldest' }) {
      const after = decodeCursor(cursor);
      // Both directions walk the same index (conversation_id, created_at, id), one of them backwards.
      const beyond = order === 'oldest' ? '>' : '<';
      const direction = order === 'oldest' ? 'asc' : 'desc';
      let q = db
        .selectFrom('messages')
        .selectAll()
        .where('conversation_id', '=', conversationId)
        .where('account_id', '=', accountId);
      if (after) {
        q = q.where((eb) =>
          eb.or([
            eb('created_at', beyond, after[0]),
            eb.and([eb('created_at', '=', after[0]), eb('id', beyond, after[1])]),
          ]),
        );
      }
      const rows = await q
        .orderBy('created_at', direction)
        .orderBy('id', direction)
        .limit(limit + 1)
        .execute();
      return toPage(rows, limit, toMessage, (row) => [row.created_at, row.id]);
    },
    async listForContact(accountId, contactId, { limit, cursor, inboxId, kinds }) {
      if (kinds?.length === 0) return { items: [], nextCursor: null };
      const after = decodeCursor(cursor);
      let q = db
        .selectFrom('messages')
        .innerJoin('conversations', 'conversations.id', 'messages.conversation_id')
        .selectAll('messages')
        .where('conversations.contact_id', '=', contactId)
        .where('conversations.account_id', '=', accountId)
        .where('messages.account_id', '=', accountId);
      if (inboxId !== undefined) q = q.where('messages.inbox_id', '=', inboxId);
      if (kinds !== undefined) q = q.where('messages.kind', 'in', kinds);
      if (after) {
        q = q.where((eb) =>
          eb.or([
            eb('messages.created_at', '>', after[0]),
            eb.and([eb('messages.created_at', '=', after[0]), eb('messages.id', '>', after[1])]),
          ]),
        );
      }
      const rows = await q
        .orderBy('messages.created_at')
        .orderBy('messages.id')
        .limit(limit + 1)
        .execute();
      return toPage(rows, limit, toMessage, (row) => [row.created_at, row.id]);
    },
  };
}

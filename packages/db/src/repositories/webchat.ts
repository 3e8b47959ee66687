import type { Repositories, StoredAttachment, VisitorSession } from '@sofortdesk/domain';
import { newId } from '../ids.ts';
import type { AttachmentsTable, VisitorSessionsTable } from '../schema.ts';
import type { RepoContext } from './support.ts';

const toSession = (row: VisitorSessionsTable): VisitorSession => ({
  id: row.id,
  accountId: row.account_id,
  inboxId: row.inbox_id,
  contactId: row.contact_id,
  verified: Number(row.verified) === 1,
  createdAt: row.created_at,
  expiresAt: row.expires_at,
});

export function visitorSessionRepository({ db, now }: RepoContext): Repositories['visitorSessions'] {
  return {
    async create(input) {
      const row: VisitorSessionsTable = {
        id: newId(),
        account_id: input.accountId,
        inbox_id: input.inboxId,
        contact_id: input.contactId,
        token_hash: input.tokenHash,
        verified: input.verified ? 1 : 0,
        created_at: now(),
        expires_at: input.expiresAt,
      };
      await db.insertInto('visitor_sessions').values(row).execute();
      return toSession(row);
    },
    async findByHash(tokenHash) {
      const row = await db
        .selectFrom('visitor_sessions')
        .innerJoin('contacts', (join) =>
          join
            .onRef('contacts.id', '=', 'visitor_sessions.contact_id')
            .onRef('contacts.account_id', '=', 'visitor_sessions.account_id'),
        )
        .selectAll('visitor_sessions')
        .where('visitor_sessions.token_hash', '=', tokenHash)
        .where('visitor_sessions.expires_at', '>', now())
        .executeTakeFirst();
      return row && toSession(row);
    },
    async extend(accountId, id, expiresAt) {
      await db
        .updateTable('visitor_sessions')
        .set({ expires_at: expiresAt })
        .where('account_id', '=', accountId)
        .where('id', '=', id)
        .execute();
    },
    async delete(accountId, id) {
      await db
        .deleteFrom('visitor_sessions')
        .where('account_id', '=', accountId)
        .where('id', '=', id)
        .execute();
    },
    async deleteAnonymous(accountId, contactId) {
      await db
        .deleteFrom('visitor_sessions')
        .where('account_id', '=', accountId)
        .where('contact_id', '=', contactId)
        .where('verified', '=', 0)
        .execute();
    },
  };
}

const toAttachment = (row: AttachmentsTable): StoredAttachment => ({
  key: row.key,
  accountId: row.account_id,
  inboxId: row.inbox_id,
  sessionId: row.session_id,
  filename: row.filename,
  contentType: row.content_type,
  size: Number(row.size),
  createdAt: row.created_at,
});

export function attachmentRepository({ db, now }: RepoContext): Repositories['attachments'] {
  return {
    async create(input) {
      const row: AttachmentsTable = {
        key: input.key,
        account_id: input.accountId,
        inbox_id: input.inboxId,
        session_id: input.sessionId,
        filename: input.filename,
        content_type: input.contentType,
        size: input.size,
        created_at: now(),
      };
      await db.insertInto('attachments').values(row).execute();
      return toAttachment(row);
    },
    async get(key) {
      const row = await db.selectFrom('attachments').selectAll().where('key', '=', key).executeTakeFirst();
      return row && toAttachment(row);
    },
  };
}

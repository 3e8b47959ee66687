import type {
  CaseShare,
  CaseShareAccess,
  CaseShareEndReason,
  CaseShareKind,
  CaseShareValue,
  Repositories,
} from '@sofortdesk/domain';
import { newId } from '../ids.ts';
import type { CaseShareAccessTable, CaseSharesTable } from '../schema.ts';
import { parseJson, type RepoContext } from './support.ts';

const toShare = (row: CaseSharesTable): CaseShare => ({
  id: row.id,
  accountId: row.account_id,
  conversationId: row.conversation_id,
  inboxId: row.inbox_id,
  contactId: row.contact_id,
  kind: row.kind as CaseShareKind,
  purposeKey: row.purpose_key,
  sharedVia: row.shared_via as CaseShare['sharedVia'],
  status: row.status as CaseShare['status'],
  sharedAt: row.shared_at,
  expiresAt: row.expires_at,
  endedAt: row.ended_at,
  endReason: row.end_reason as CaseShareEndReason | null,
});

const toAccess = (row: CaseShareAccessTable): CaseShareAccess => ({
  id: row.id,
  shareId: row.share_id,
  userId: row.user_id,
  outcome: row.outcome as CaseShareAccess['outcome'],
  at: row.created_at,
});

/** Every column but the value: lists and checks never read it. */
const COLUMNS = [
  'id',
  'account_id',
  'conversation_id',
  'inbox_id',
  'contact_id',
  'kind',
  'blob_key',
  'purpose_key',
  'shared_via',
  'status',
  'shared_at',
  'expires_at',
  'ended_at',
  'end_reason',
] as const;

export function caseShareRepository({ db }: RepoContext): Repositories['caseShares'] {
  return {
    async create(input) {
      const row: CaseSharesTable = {
        id: newId(),
        account_id: input.accountId,
        conversation_id: input.conversationId,
        inbox_id: input.inboxId,
        contact_id: input.contactId,
        kind: input.kind,
        value: JSON.stringify(input.value),
        blob_key: input.value.kind === 'photo' ? input.value.blobKey : null,
        purpose_key: input.purposeKey,
        shared_via: input.sharedVia,
        status: 'active',
        shared_at: input.sharedAt,
        expires_at: input.expiresAt,
        ended_at: null,
        end_reason: null,
      };
      await db.insertInto('case_shares').values(row).execute();
      return toShare(row);
    },

    async get(accountId, id) {
      const row = await db
        .selectFrom('case_shares')
        .select(COLUMNS)
        .where('account_id', '=', accountId)
        .where('id', '=', id)
        .executeTakeFirst();
      return row && toShare({ ...row, value: null });
    },

    async getValue(accountId, id) {
      const row = await db
        .selectFrom('case_shares')
        .select('value')
        .where('account_id', '=', accountId)
        .where('id', '=', id)
        .where('status', '=', 'active')
        .executeTakeFirst();
      return row?.value ? parseJson<CaseShareValue>(row.value) : undefined;
    },

    async listForConversation(accountId, conversationId) {
      const rows = await db
        .selectFrom('case_shares')
        .select(COLUMNS)
        .where('account_id', '=', accountId)
        .where('conversation_id', '=', conversationId)
        .orderBy('shared_at', 'desc')
        .orderBy('id', 'desc')
        .execute();
      return rows.map((row) => toShare({ ...row, value: null }));
    },

    async listForContact(accountId, contactId) {
      const rows = await db
        .selectFrom('case_shares')
        .select(COLUMNS)
        .where('account_id', '=', accountId)
        .where('contact_id', '=', contactId)
        .orderBy('shared_at', 'desc')
        .orderBy('id', 'desc')
        .execute();
      return rows.map((row) => toShare({ ...row, value: null }));
    },

    async listDue(accountId, now, limit) {
      const rows = await db
        .selectFrom('case_shares')
        .select(COLUMNS)
        .where('account_id', '=', accountId)
        .where('status', '=', 'active')
        .where('expires_at', '<=', now)
        .orderBy('expires_at')
        .limit(limit)
        .execute();
      return rows.map((row) => toShare({ ...row, value: null }));
    },

    async end(accountId, id, reason, at) {
      const row = await db
        .selectFrom('case_shares')
        .select(['blob_key', 'status'])
        .where('account_id', '=', accountId)
        .where('id', '=', id)
        .executeTakeFirst();
      if (!row || row.status !== 'active') return undefined;
      // NULL over the value: with secure_delete (SQLite) the old bytes are zeroed in the page.
      await db
        .updateTable('case_shares')
        .set({ status: 'ended', value: null, blob_key: null, ended_at: at, end_reason: reason })
        .where('account_id', '=', accountId)
        .where('id', '=', id)
        .where('status', '=', 'active')
        .execute();
      return { blobKey: row.blob_key };
    },

    async appendAccess(accountId, access) {
      await db
        .insertInto('case_share_access')
        .values({
          id: newId(),
          account_id: accountId,
          share_id: access.shareId,
          user_id: access.userId,
          outcome: access.outcome,
          created_at: access.at,
        })
        .execute();
    },

    async listAccess(accountId, shareIds) {
      if (shareIds.length === 0) return [];
      const rows = await db
        .selectFrom('case_share_access')
        .selectAll()
        .where('account_id', '=', accountId)
        .where('share_id', 'in', shareIds)
        .orderBy('created_at')
        .orderBy('id')
        .execute();
      return rows.map(toAccess);
    },

    async claimUpload(accountId, key, owner) {
      const upload = await db
        .selectFrom('attachments')
        .select(['filename', 'content_type', 'size'])
        .where('account_id', '=', accountId)
        .where('key', '=', key)
        .where('inbox_id', '=', owner.inboxId)
        .where('session_id', '=', owner.sessionId)
        .executeTakeFirst();
      if (!upload) return undefined;
      await db.deleteFrom('attachments').where('account_id', '=', accountId).where('key', '=', key).execute();
      return { filename: upload.filename, contentType: upload.content_type, size: upload.size };
    },
  };
}

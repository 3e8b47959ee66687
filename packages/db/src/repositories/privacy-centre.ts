import type {
  Language,
  PrivacyLogin,
  PrivacyLoginKind,
  PrivacySession,
  Repositories,
} from '@sofortdesk/domain';
import { newId } from '../ids.ts';
import type { PrivacyLoginsTable, PrivacySessionsTable } from '../schema.ts';
import type { RepoContext } from './support.ts';

const toLogin = (row: PrivacyLoginsTable): PrivacyLogin => ({
  id: row.id,
  accountId: row.account_id,
  contactId: row.contact_id,
  kind: row.kind as PrivacyLoginKind,
  language: row.language as Language | null,
  emailHash: row.email_hash,
  expiresAt: row.expires_at,
  usedAt: row.used_at,
  createdAt: row.created_at,
});

const toSession = (row: PrivacySessionsTable): PrivacySession => ({
  id: row.id,
  accountId: row.account_id,
  contactId: row.contact_id,
  via: row.via as PrivacyLoginKind,
  expiresAt: row.expires_at,
  createdAt: row.created_at,
});

export function privacyCentreRepository({ db }: RepoContext): Repositories['privacyCentre'] {
  return {
    async createLogin(input) {
      const row: PrivacyLoginsTable = {
        id: input.id,
        account_id: input.accountId,
        contact_id: input.contactId,
        kind: input.kind,
        token_hash: input.tokenHash,
        email_hash: input.emailHash,
        language: input.language,
        expires_at: input.expiresAt,
        used_at: null,
        created_at: input.createdAt,
      };
      await db.insertInto('privacy_logins').values(row).execute();
      return toLogin(row);
    },

    async getLogin(accountId, id) {
      const row = await db
        .selectFrom('privacy_logins')
        .selectAll()
        .where('account_id', '=', accountId)
        .where('id', '=', id)
        .executeTakeFirst();
      return row && toLogin(row);
    },

    async findLoginByHash(accountId, tokenHash) {
      const row = await db
        .selectFrom('privacy_logins')
        .selectAll()
        .where('account_id', '=', accountId)
        .where('token_hash', '=', tokenHash)
        .executeTakeFirst();
      return row && toLogin(row);
    },

    async consumeLogin(accountId, id, now) {
      // One statement: of two concurrent uses, only one finds used_at still empty.
      const result = await db
        .updateTable('privacy_logins')
        .set({ used_at: now })
        .where('account_id', '=', accountId)
        .where('id', '=', id)
        .where('used_at', 'is', null)
        .where('expires_at', '>', now)
        .executeTakeFirst();
      return Number(result.numUpdatedRows) > 0;
    },

    async countLoginsSince(accountId, contactId, kind, since) {
      const row = await db
        .selectFrom('privacy_logins')
        .select((eb) => eb.fn.countAll<number | string>().as('count'))
        .where('account_id', '=', accountId)
        .where('contact_id', '=', contactId)
        .where('kind', '=', kind)
        .where('created_at', '>', since)
        .executeTakeFirst();
      return Number(row?.count ?? 0);
    },

    async createSession(input) {
      const row: PrivacySessionsTable = {
        id: newId(),
        account_id: input.accountId,
        contact_id: input.contactId,
        via: input.via,
        token_hash: input.tokenHash,
        expires_at: input.expiresAt,
        created_at: input.createdAt,
      };
      await db.insertInto('privacy_sessions').values(row).execute();
      return toSession(row);
    },

    async findSession(accountId, tokenHash, now) {
      const row = await db
        .selectFrom('privacy_sessions')
        .selectAll()
        .where('account_id', '=', accountId)
        .where('token_hash', '=', tokenHash)
        .where('expires_at', '>', now)
        .executeTakeFirst();
      return row && toSession(row);
    },

    async deleteSession(accountId, id) {
      await db
        .deleteFrom('privacy_sessions')
        .where('account_id', '=', accountId)
        .where('id', '=', id)
        .execute();
    },

    async deleteForContact(accountId, contactId) {
      await db
        .deleteFrom('privacy_sessions')
        .where('account_id', '=', accountId)
        .where('contact_id', '=', contactId)
        .execute();
      await db
        .deleteFrom('privacy_logins')
        .where('account_id', '=', accountId)
        .where('contact_id', '=', contactId)
        .execute();
    },
  };
}

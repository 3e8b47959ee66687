import type { Repositories } from '@sofortdesk/domain';
import type { RepoContext } from './support.ts';

export function imapCursorRepository({ db, now }: RepoContext): Repositories['imapCursors'] {
  return {
    async get(accountId, inboxId) {
      const row = await db
        .selectFrom('imap_cursors')
        .select(['uid_validity', 'last_uid'])
        .where('account_id', '=', accountId)
        .where('inbox_id', '=', inboxId)
        .executeTakeFirst();
      return row && { uidValidity: row.uid_validity, lastUid: Number(row.last_uid) };
    },
    async save(accountId, inboxId, cursor) {
      const values = { uid_validity: cursor.uidValidity, last_uid: cursor.lastUid, updated_at: now() };
      await db
        .insertInto('imap_cursors')
        .values({ inbox_id: inboxId, account_id: accountId, ...values })
        .onConflict((oc) => oc.column('inbox_id').doUpdateSet(values))
        .execute();
    },
  };
}

import type { Account, Language, Repositories } from '@sofortdesk/domain';
import { newId } from '../ids.ts';
import type { AccountsTable } from '../schema.ts';
import type { RepoContext } from './support.ts';

const toAccount = (row: AccountsTable): Account => ({
  id: row.id,
  name: row.name,
  defaultLanguage: row.default_language as Language,
  createdAt: row.created_at,
});

export function accountRepository({ db, now }: RepoContext): Repositories['accounts'] {
  return {
    async create(input) {
      const row: AccountsTable = {
        id: newId(),
        name: input.name,
        default_language: input.defaultLanguage,
        event_cursor: 0,
        created_at: now(),
      };
      await db.insertInto('accounts').values(row).execute();
      return toAccount(row);
    },
    async get(id) {
      const row = await db.selectFrom('accounts').selectAll().where('id', '=', id).executeTakeFirst();
      return row && toAccount(row);
    },
    async list(limit) {
      const rows = await db
        .selectFrom('accounts')
        .selectAll()
        .orderBy('created_at')
        .orderBy('id')
        .limit(limit)
        .execute();
      return rows.map(toAccount);
    },
    async count() {
      const row = await db
        .selectFrom('accounts')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow();
      return Number(row.n);
    },
  };
}

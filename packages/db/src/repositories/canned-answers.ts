import type { CannedAnswer, Language, Repositories } from '@sofortdesk/domain';
import { newId } from '../ids.ts';
import type { CannedAnswersTable } from '../schema.ts';
import type { RepoContext } from './support.ts';

const toCannedAnswer = (row: CannedAnswersTable): CannedAnswer => ({
  id: row.id,
  accountId: row.account_id,
  shortcut: row.shortcut,
  title: row.title,
  text: row.text,
  language: row.language as Language | null,
  createdAt: row.created_at,
  updatedAt: row.updated_at,
});

export function cannedAnswerRepository({ db, now }: RepoContext): Repositories['cannedAnswers'] {
  return {
    async create(input) {
      const at = now();
      const row: CannedAnswersTable = {
        id: newId(),
        account_id: input.accountId,
        shortcut: input.shortcut,
        title: input.title,
        text: input.text,
        language: input.language,
        created_at: at,
        updated_at: at,
      };
      await db.insertInto('canned_answers').values(row).execute();
      return toCannedAnswer(row);
    },
    async get(accountId, id) {
      const row = await db
        .selectFrom('canned_answers')
        .selectAll()
        .where('account_id', '=', accountId)
        .where('id', '=', id)
        .executeTakeFirst();
      return row && toCannedAnswer(row);
    },
    async list(accountId) {
      const rows = await db
        .selectFrom('canned_answers')
        .selectAll()
        .where('account_id', '=', accountId)
        .orderBy('shortcut')
        .execute();
      return rows.map(toCannedAnswer);
    },
    async update(accountId, id, changes) {
      const row = await db
        .updateTable('canned_answers')
        .set({
          ...(changes.shortcut !== undefined && { shortcut: changes.shortcut }),
          ...(changes.title !== undefined && { title: changes.title }),
          ...(changes.text !== undefined && { text: changes.text }),
          ...(changes.language !== undefined && { language: changes.language }),
          updated_at: now(),
        })
        .where('account_id', '=', accountId)
        .where('id', '=', id)
        .returningAll()
        .executeTakeFirstOrThrow();
      return toCannedAnswer(row);
    },
    async delete(accountId, id) {
      await db
        .deleteFrom('canned_answers')
        .where('account_id', '=', accountId)
        .where('id', '=', id)
        .execute();
    },
  };
}

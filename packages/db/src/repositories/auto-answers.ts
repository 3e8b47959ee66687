import {
  DEFAULT_AUTOMATIC_ANSWER_SETTINGS,
  type AutoAnswerOutcome,
  type AutoAnswerRecord,
  type Repositories,
} from '@sofortdesk/domain';
import { newId } from '../ids.ts';
import type { KbAutoAnswersTable } from '../schema.ts';
import type { RepoContext } from './support.ts';
import { QueryTemplate } from './templates.ts';

/** Read for every inbound message (is the job needed?): a template (templates.ts). */
const settingsOf = new QueryTemplate(1, (db, accountId: string) =>
  db
    .selectFrom('accounts')
    .select(['auto_answers_enabled', 'auto_answers_precision'])
    .where('id', '=', accountId),
);

const toRecord = (row: KbAutoAnswersTable): AutoAnswerRecord => ({
  id: row.id,
  accountId: row.account_id,
  conversationId: row.conversation_id,
  questionMessageId: row.question_message_id,
  question: row.question,
  answerMessageId: row.answer_message_id,
  articleId: row.article_id,
  articleTitle: row.article_title,
  probability: Number(row.probability),
  outcome: row.outcome as AutoAnswerOutcome,
  createdAt: row.created_at,
  decidedAt: row.decided_at,
});

/**
 * Automatic answers given (kb_auto_answers) and the account's settings for them (two columns of
 * accounts, kept here so the accounts repository stays about the tenant itself).
 */
export function autoAnswerRepository({ db, dialect, now }: RepoContext): Repositories['autoAnswers'] {
  return {
    async create(input) {
      const row: KbAutoAnswersTable = {
        id: newId(),
        account_id: input.accountId,
        conversation_id: input.conversationId,
        question_message_id: input.questionMessageId,
        question: input.question,
        answer_message_id: input.answerMessageId,
        article_id: input.articleId,
        article_title: input.articleTitle,
        probability: input.probability,
        outcome: 'pending',
        created_at: now(),
        decided_at: null,
      };
      await db.insertInto('kb_auto_answers').values(row).execute();
      return toRecord(row);
    },
    async latestForConversation(accountId, conversationId) {
      const row = await db
        .selectFrom('kb_auto_answers')
        .selectAll()
        .where('account_id', '=', accountId)
        .where('conversation_id', '=', conversationId)
        .orderBy('created_at', 'desc')
        .orderBy('id', 'desc')
        .limit(1)
        .executeTakeFirst();
      return row && toRecord(row);
    },
    async decide(accountId, id, outcome) {
      const result = await db
        .updateTable('kb_auto_answers')
        .set({ outcome, decided_at: now() })
        .where('account_id', '=', accountId)
        .where('id', '=', id)
        .where('outcome', '=', 'pending')
        .executeTakeFirst();
      return Number(result.numUpdatedRows) > 0;
    },
    async getSettings(accountId) {
      const [row] = await settingsOf.execute(db, dialect, accountId);
      if (!row) return { ...DEFAULT_AUTOMATIC_ANSWER_SETTINGS };
      return {
        enabled: Number(row.auto_answers_enabled ?? 0) === 1,
        precisionTarget: Number(
          row.auto_answers_precision ?? DEFAULT_AUTOMATIC_ANSWER_SETTINGS.precisionTarget,
        ),
      };
    },
    async setSettings(accountId, settings) {
      await db
        .updateTable('accounts')
        .set({
          auto_answers_enabled: settings.enabled ? 1 : 0,
          auto_answers_precision: settings.precisionTarget,
        })
        .where('id', '=', accountId)
        .execute();
      return { ...settings };
    },
  };
}

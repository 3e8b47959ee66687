import type { KnowledgeTrainingPair, Repositories, TrainingPairSource } from '@sofortdesk/domain';
import { newId } from '../ids.ts';
import type { KbTrainingPairsTable } from '../schema.ts';
import type { RepoContext } from './support.ts';

const toPair = (row: KbTrainingPairsTable): KnowledgeTrainingPair => ({
  id: row.id,
  accountId: row.account_id,
  articleId: row.article_id,
  question: row.question,
  source: row.source as TrainingPairSource,
  label: row.label === 'positive' ? 'positive' : 'negative',
  createdAt: row.created_at,
});

/** Labelled questions for the knowledge engine (kb_training_pairs); append-only. */
export function trainingPairRepository({ db, now }: RepoContext): Repositories['trainingPairs'] {
  return {
    async add(input) {
      const row: KbTrainingPairsTable = {
        id: newId(),
        account_id: input.accountId,
        article_id: input.articleId,
        question: input.question,
        source: input.source,
        label: input.label,
        created_at: now(),
      };
      await db.insertInto('kb_training_pairs').values(row).execute();
      return toPair(row);
    },
    async list(accountId, filter = {}) {
      let query = db.selectFrom('kb_training_pairs').selectAll().where('account_id', '=', accountId);
      if (filter.source) query = query.where('source', '=', filter.source);
      if (filter.articleId) query = query.where('article_id', '=', filter.articleId);
      const rows = await query
        .orderBy('created_at')
        .orderBy('id')
        .limit(filter.limit ?? 10_000)
        .execute();
      return rows.map(toPair);
    },
  };
}

import type {
  Article,
  ArticleChangeRequest,
  ArticleContent,
  ArticleVersion,
  ArticleVisibility,
  ChangeRequestStatus,
  KnowledgeCollection,
  KnowledgeRepository,
  Language,
} from '@sofortdesk/domain';
import { newId } from '../ids.ts';
import type {
  KbArticlesTable,
  KbArticleVersionsTable,
  KbChangeRequestsTable,
  KbCollectionsTable,
} from '../schema.ts';
import { parseJson, type RepoContext } from './support.ts';

const contentColumns = (content: ArticleContent) => ({
  title: content.title,
  body: content.body,
  alternative_questions: JSON.stringify(content.alternativeQuestions),
  tags: JSON.stringify(content.tags),
  visibility: content.visibility,
});

const toContent = (row: KbArticlesTable | KbArticleVersionsTable): ArticleContent => ({
  title: row.title,
  body: row.body,
  alternativeQuestions: parseJson<string[]>(row.alternative_questions),
  tags: parseJson<string[]>(row.tags),
  visibility: row.visibility as ArticleVisibility,
});

const toArticle = (row: KbArticlesTable): Article => ({
  id: row.id,
  accountId: row.account_id,
  collectionId: row.collection_id,
  translationGroup: row.translation_group,
  language: row.language as Language,
  ...toContent(row),
  version: row.version,
  createdAt: row.created_at,
  updatedAt: row.updated_at,
  updatedBy: row.updated_by,
});

const toVersion = (row: KbArticleVersionsTable): ArticleVersion => ({
  articleId: row.article_id,
  version: row.version,
  ...toContent(row),
  authorId: row.author_id,
  restoredFrom: row.restored_from,
  createdAt: row.created_at,
});

const toChangeRequest = (row: KbChangeRequestsTable): ArticleChangeRequest => ({
  id: row.id,
  accountId: row.account_id,
  collectionId: row.collection_id,
  articleId: row.article_id,
  baseVersion: row.base_version,
  language: row.language as Language,
  content: parseJson<ArticleContent>(row.content),
  authorId: row.author_id,
  status: row.status as ChangeRequestStatus,
  reviewerId: row.reviewer_id,
  reviewNote: row.review_note,
  createdAt: row.created_at,
  reviewedAt: row.reviewed_at,
});

export function knowledgeRepository({ db, now }: RepoContext): KnowledgeRepository {
  const toCollection = async (row: KbCollectionsTable): Promise<KnowledgeCollection> => {
    const partners = await db
      .selectFrom('kb_collection_partners')
      .select('user_id')
      .where('account_id', '=', row.account_id)
      .where('collection_id', '=', row.id)
      .orderBy('user_id')
      .execute();
    return {
      id: row.id,
      accountId: row.account_id,
      name: row.name,
      description: row.description,
      partnerIds: partners.map((p) => p.user_id),
      createdAt: row.created_at,
    };
  };

  const insertVersion = async (
    article: KbArticlesTable,
    authorId: string,
    restoredFrom: number | null,
  ): Promise<void> => {
    await db
      .insertInto('kb_article_versions')
      .values({
        account_id: article.account_id,
        article_id: article.id,
        version: article.version,
        title: article.title,
        body: article.body,
        alternative_questions: article.alternative_questions,
        tags: article.tags,
        visibility: article.visibility,
        author_id: authorId,
        restored_from: restoredFrom,
        created_at: article.updated_at,
      })
      .execute();
  };

  return {
    async createCollection(input) {
      const row: KbCollectionsTable = {
        id: newId(),
        account_id: input.accountId,
        name: input.name,
        description: input.description,
        created_at: now(),
      };
      await db.insertInto('kb_collections').values(row).execute();
      return { ...(await toCollection(row)) };
    },
    async getCollection(accountId, id) {
      const row = await db
        .selectFrom('kb_collections')
        .selectAll()
        .where('account_id', '=', accountId)
        .where('id', '=', id)
        .executeTakeFirst();
      return row && toCollection(row);
    },
    async listCollections(accountId) {
      const rows = await db
        .selectFrom('kb_collections')
        .selectAll()
        .where('account_id', '=', accountId)
        .orderBy('name')
        .orderBy('id')
        .execute();
      return Promise.all(rows.map(toCollection));
    },
    async setCollectionPartners(accountId, collectionId, partnerIds) {
      await db
        .deleteFrom('kb_collection_partners')
        .where('account_id', '=', accountId)
        .where('collection_id', '=', collectionId)
        .execute();
      if (partnerIds.length === 0) return;
      await db
        .insertInto('kb_collection_partners')
        .values(
          partnerIds.map((userId) => ({
            account_id: accountId,
            collection_id: collectionId,
            user_id: userId,
          })),
        )
        .execute();
    },
    async grantedCollectionIds(accountId, partnerId) {
      const rows = await db
        .selectFrom('kb_collection_partners')
        .select('collection_id')
        .where('account_id', '=', accountId)
        .where('user_id', '=', partnerId)
        .execute();
      return rows.map((r) => r.collection_id);
    },

    async createArticle(input) {
      const at = now();
      const id = newId();
      const row: KbArticlesTable = {
        id,
        account_id: input.accountId,
        collection_id: input.collectionId,
        // A new article starts its own group; a translation joins the original's.
        translation_group: input.translationGroup ?? id,
        language: input.language,
        ...contentColumns(input.content),
        version: 1,
        created_at: at,
        updated_at: at,
        updated_by: input.authorId,
      };
      await db.insertInto('kb_articles').values(row).execute();
      await insertVersion(row, input.authorId, null);
      return toArticle(row);
    },
    async getArticle(accountId, id) {
      const row = await db
        .selectFrom('kb_articles')
        .selectAll()
        .where('account_id', '=', accountId)
        .where('id', '=', id)
        .executeTakeFirst();
      return row && toArticle(row);
    },
    async listTranslations(accountId, translationGroup) {
      const rows = await db
        .selectFrom('kb_articles')
        .selectAll()
        .where('account_id', '=', accountId)
        .where('translation_group', '=', translationGroup)
        .orderBy('language')
        .execute();
      return rows.map(toArticle);
    },
    async listArticles(accountId, filter) {
      let query = db.selectFrom('kb_articles').selectAll().where('account_id', '=', accountId);
      if (filter.collectionId !== undefined) query = query.where('collection_id', '=', filter.collectionId);
      if (filter.language !== undefined) query = query.where('language', '=', filter.language);
      if (filter.visibility !== undefined && filter.visibility.length > 0) {
        query = query.where('visibility', 'in', filter.visibility);
      }
      const rows = await query.orderBy('updated_at', 'desc').orderBy('id').execute();
      const articles = rows.map(toArticle);
      // Tags are a short JSON list per article: filtering here keeps the query the same on both databases.
      const tag = filter.tag?.toLowerCase();
      return tag === undefined
        ? articles
        : articles.filter((a) => a.tags.some((t) => t.toLowerCase() === tag));
    },
    async saveArticle(input) {
      const at = now();
      const updated = await db
        .updateTable('kb_articles')
        .set({
          ...contentColumns(input.content),
          version: input.baseVersion + 1,
          updated_at: at,
          updated_by: input.authorId,
        })
        .where('account_id', '=', input.accountId)
        .where('id', '=', input.articleId)
        // Optimistic concurrency: only the writer who saw the current version wins.
        .where('version', '=', input.baseVersion)
        .returningAll()
        .executeTakeFirst();
      if (!updated) return undefined;
      await insertVersion(updated, input.authorId, input.restoredFrom ?? null);
      return toArticle(updated);
    },
    async listVersions(accountId, articleId) {
      const rows = await db
        .selectFrom('kb_article_versions')
        .selectAll()
        .where('account_id', '=', accountId)
        .where('article_id', '=', articleId)
        .orderBy('version', 'desc')
        .execute();
      return rows.map(toVersion);
    },
    async getVersion(accountId, articleId, version) {
      const row = await db
        .selectFrom('kb_article_versions')
        .selectAll()
        .where('account_id', '=', accountId)
        .where('article_id', '=', articleId)
        .where('version', '=', version)
        .executeTakeFirst();
      return row && toVersion(row);
    },

    async createChangeRequest(input) {
      const row: KbChangeRequestsTable = {
        id: newId(),
        account_id: input.accountId,
        collection_id: input.collectionId,
        article_id: input.articleId,
        base_version: input.baseVersion,
        language: input.language,
        content: JSON.stringify(input.content),
        author_id: input.authorId,
        status: 'pending',
        reviewer_id: null,
        review_note: null,
        created_at: now(),
        reviewed_at: null,
      };
      await db.insertInto('kb_change_requests').values(row).execute();
      return toChangeRequest(row);
    },
    async getChangeRequest(accountId, id) {
      const row = await db
        .selectFrom('kb_change_requests')
        .selectAll()
        .where('account_id', '=', accountId)
        .where('id', '=', id)
        .executeTakeFirst();
      return row && toChangeRequest(row);
    },
    async listChangeRequests(accountId, filter) {
      let query = db.selectFrom('kb_change_requests').selectAll().where('account_id', '=', accountId);
      if (filter.status !== undefined) query = query.where('status', '=', filter.status);
      if (filter.authorId !== undefined) query = query.where('author_id', '=', filter.authorId);
      if (filter.collectionIds !== undefined) {
        if (filter.collectionIds.length === 0) return [];
        query = query.where('collection_id', 'in', filter.collectionIds);
      }
      const rows = await query.orderBy('created_at').orderBy('id').execute();
      return rows.map(toChangeRequest);
    },
    async addFeedback(feedback) {
      await db
        .insertInto('kb_feedback')
        .values({
          id: newId(),
          account_id: feedback.accountId,
          article_id: feedback.articleId,
          helpful: feedback.helpful ? 1 : 0,
          source: feedback.source,
          query: feedback.query,
          created_at: feedback.createdAt,
        })
        .execute();
    },
    async feedbackCounts(accountId, articleId) {
      const rows = await db
        .selectFrom('kb_feedback')
        .select(['helpful', (eb) => eb.fn.countAll<number | string>().as('count')])
        .where('account_id', '=', accountId)
        .where('article_id', '=', articleId)
        .groupBy('helpful')
        .execute();
      const count = (helpful: number) => Number(rows.find((r) => Number(r.helpful) === helpful)?.count ?? 0);
      return { helpful: count(1), notHelpful: count(0) };
    },
    async decideChangeRequest(input) {
      const row = await db
        .updateTable('kb_change_requests')
        .set({
          status: input.status,
          reviewer_id: input.reviewerId,
          review_note: input.reviewNote,
          reviewed_at: now(),
          article_id: input.articleId,
        })
        .where('account_id', '=', input.accountId)
        .where('id', '=', input.id)
        // Two reviewers at once: the second finds it decided.
        .where('status', '=', 'pending')
        .returningAll()
        .executeTakeFirst();
      return row && toChangeRequest(row);
    },
  };
}

/**
 * Search over an account's public articles with the knowledge engine (packages/knowledge), for the
 * help centre. One in-memory index per account, rebuilt when its public articles changed (any
 * article's version, or the set of public ones). The German dictionary for compound splitting is
 * loaded once, on the first search.
 */
import type { Article, ArticleSearch, Language, Repositories } from '@sofortdesk/domain';
import { KnowledgeIndex, TextAnalyzer } from '@sofortdesk/knowledge';

interface CachedIndex {
  stamp: string;
  checkedAt: number;
  index: KnowledgeIndex;
  articles: Map<string, Article>;
}

export class PublicArticleSearch implements ArticleSearch {
  private analyzer: Promise<TextAnalyzer> | undefined;
  private readonly indexes = new Map<string, CachedIndex>();

  private readonly maxAccounts: number;
  private readonly freshForMs: number;
  private readonly now: () => number;

  constructor(
    private readonly repos: Pick<Repositories, 'knowledge'>,
    options: { maxAccounts?: number; freshForMs?: number; now?: () => number } = {},
  ) {
    this.maxAccounts = options.maxAccounts ?? 1000;
    this.freshForMs = options.freshForMs ?? 5000;
    this.now = options.now ?? Date.now;
  }

  async search(accountId: string, query: string, language: Language): Promise<Article[]> {
    const { index, articles } = await this.indexFor(accountId);
    return index
      .search(query, { language, limit: 20 })
      .hits.map((hit) => articles.get(hit.id))
      .filter((article): article is Article => article !== undefined);
  }

  private async indexFor(accountId: string): Promise<CachedIndex> {
    const cached = this.indexes.get(accountId);
    const now = this.now();
    if (cached && now - cached.checkedAt < this.freshForMs) return cached;
    const articles = await this.repos.knowledge.listArticles(accountId, { visibility: ['public'] });
    const stamp = articles.map((a) => `${a.id}:${a.version}`).join(',');
    if (cached?.stamp === stamp) {
      cached.checkedAt = now;
      return cached;
    }
    this.analyzer ??= TextAnalyzer.create();
    const index = KnowledgeIndex.build(
      await this.analyzer,
      articles.map((a) => ({
        id: a.id,
        language: a.language,
        title: a.title,
        alternativeQuestions: a.alternativeQuestions,
        body: a.body,
      })),
    );
    // Bounded: the least recently rebuilt account makes room.
    if (!cached && this.indexes.size >= this.maxAccounts) {
      this.indexes.delete(this.indexes.keys().next().value!);
    }
    const entry = { stamp, checkedAt: now, index, articles: new Map(articles.map((a) => [a.id, a])) };
    this.indexes.set(accountId, entry);
    return entry;
  }
}

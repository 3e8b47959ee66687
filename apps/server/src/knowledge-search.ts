/**
 * Search over an account's public articles with the knowledge engine (packages/knowledge), for the
 * help centre. One in-memory index per account, rebuilt when its public articles changed (any
 * article's version, or the set of public ones). The German dictionary for compound splitting is
 * loaded once, on the first search.
 *
 * With an embeddings endpoint configured (`EmbeddingSignals`), every search adds the embedding
 * signal: the articles' vectors are queued when their index is rebuilt, the question's is asked for
 * when it is searched; without one, searching is exactly the lexical engine.
 */
import type { Article, ArticleSearch, Language, Repositories } from '@sofortdesk/domain';
import {
  buildAccountModel,
  DEFAULT_CALIBRATION,
  DEFAULT_SUGGEST_THRESHOLD,
  defaultThresholdFor,
  TextAnalyzer,
  type AccountModel,
  type DecisionPolicy,
  type KnowledgeIndex,
  type SearchOptions,
  type SearchResult,
} from '@sofortdesk/knowledge';
import type { ArticleVectorKeys, EmbeddingSignals } from './embeddings/embedding-signals.ts';

/** The shipped policy for a precision target: until an account has labelled pairs enough of its own. */
export const defaultPolicy = (precisionTarget: number): DecisionPolicy => ({
  model: DEFAULT_CALIBRATION,
  answerThreshold: defaultThresholdFor(precisionTarget),
  suggestThreshold: DEFAULT_SUGGEST_THRESHOLD,
});

export interface CachedIndex {
  stamp: string;
  checkedAt: number;
  index: KnowledgeIndex;
  /** What the account's engine learned: the index with its training pairs, and its calibration. */
  model: AccountModel;
  articles: Map<string, Article>;
  /** The articles' vector keys for the embedding signal; undefined without an embeddings endpoint. */
  vectorKeys?: ArticleVectorKeys;
}

export class PublicArticleSearch implements ArticleSearch {
  private analyzer: Promise<TextAnalyzer> | undefined;
  private readonly indexes = new Map<string, CachedIndex>();

  private readonly maxAccounts: number;
  private readonly freshForMs: number;
  private readonly now: () => number;
  private readonly embeddings: EmbeddingSignals | undefined;

  constructor(
    // Without trainingPairs (tests of search alone) nothing is learned.
    private readonly repos: Pick<Repositories, 'knowledge'> & Partial<Pick<Repositories, 'trainingPairs'>>,
    options: {
      maxAccounts?: number;
      freshForMs?: number;
      now?: () => number;
      /** The optional embedding signal (SOFORTDESK_EMBEDDINGS_URL). */
      embeddings?: EmbeddingSignals;
    } = {},
  ) {
    this.maxAccounts = options.maxAccounts ?? 1000;
    this.freshForMs = options.freshForMs ?? 5000;
    this.now = options.now ?? Date.now;
    this.embeddings = options.embeddings;
  }

  async search(accountId: string, query: string, language: Language): Promise<Article[]> {
    const entry = await this.indexFor(accountId);
    return (await this.searchIn(entry, query, { language, limit: 20 })).hits
      .map((hit) => entry.articles.get(hit.id))
      .filter((article): article is Article => article !== undefined);
  }

  /**
   * One search in a cached index, with the embedding signal when there is an endpoint and it
   * answered in time for this question (otherwise the lexical ranking alone; never an error).
   */
  async searchIn(entry: CachedIndex, text: string, options: SearchOptions): Promise<SearchResult> {
    const embedding =
      this.embeddings && entry.vectorKeys
        ? await this.embeddings.signalFor(text, entry.vectorKeys)
        : undefined;
    return entry.index.search(text, embedding ? { ...options, embedding } : options);
  }

  /**
   * The account's index for an audience: customers see public articles, agents public and internal
   * ones (their suggestions); one cached index per account and audience, shared by the help centre,
   * the widget and the automatic answers (knowledge-answering.ts).
   */
  async indexFor(accountId: string, audience: 'customer' | 'agent' = 'customer'): Promise<CachedIndex> {
    const key = audience === 'customer' ? accountId : `${accountId}\u0000agent`;
    const cached = this.indexes.get(key);
    const now = this.now();
    if (cached && now - cached.checkedAt < this.freshForMs) return cached;
    const articles = await this.repos.knowledge.listArticles(accountId, {
      visibility: audience === 'customer' ? ['public'] : ['public', 'internal'],
    });
    // Learning changes the index too: the pairs' count and newest id join the stamp, so every
    // process picks up what another one learned within freshForMs (invalidate() is per process).
    const pairs = (await this.repos.trainingPairs?.list(accountId, { limit: 10_000 })) ?? [];
    const stamp = `${articles.map((a) => `${a.id}:${a.version}`).join(',')}|${pairs.length}:${pairs.at(-1)?.id ?? ''}`;
    if (cached?.stamp === stamp) {
      cached.checkedAt = now;
      return cached;
    }
    this.analyzer ??= TextAnalyzer.create();
    const model = buildAccountModel(
      await this.analyzer,
      articles.map((a) => ({
        id: a.id,
        language: a.language,
        title: a.title,
        alternativeQuestions: a.alternativeQuestions,
        body: a.body,
      })),
      pairs.map((pair) => ({ question: pair.question, itemId: pair.articleId, label: pair.label })),
      { fallback: defaultPolicy },
    );
    const index = model.index;
    // Bounded: the least recently rebuilt account makes room.
    if (!cached && this.indexes.size >= this.maxAccounts) {
      this.indexes.delete(this.indexes.keys().next().value!);
    }
    const entry: CachedIndex = {
      stamp,
      checkedAt: now,
      index,
      model,
      articles: new Map(articles.map((a) => [a.id, a])),
    };
    // Articles new or changed since their last vector are embedded in the background.
    if (this.embeddings) entry.vectorKeys = this.embeddings.track(articles);
    this.indexes.set(key, entry);
    return entry;
  }

  /** The engine's analyzer (German dictionary loaded once), shared with the gap report's clustering. */
  textAnalyzer(): Promise<TextAnalyzer> {
    return (this.analyzer ??= TextAnalyzer.create());
  }

  /** Forgets the account's indexes (both audiences): the next search rebuilds them. */
  invalidate(accountId: string): void {
    this.indexes.delete(accountId);
    this.indexes.delete(`${accountId}\u0000agent`);
  }
}

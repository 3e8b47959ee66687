/**
 * The knowledge base's content: collections of articles in German and English, linked as
 * translations, with their full version history and the partner contributions waiting for review.
 * (Retrieval and the answer decision live in packages/knowledge; this is what it reads.)
 */
import type { Language } from './types.ts';

export const ARTICLE_VISIBILITIES = ['draft', 'internal', 'public'] as const;
/** draft: only editors see it; internal: agents (suggestions in the workspace); public: customers too. */
export type ArticleVisibility = (typeof ARTICLE_VISIBILITIES)[number];

export interface KnowledgeCollection {
  id: string;
  accountId: string;
  name: string;
  description: string | null;
  /** Partners (role partner) who may propose changes to this collection's articles. */
  partnerIds: string[];
  createdAt: string;
}

/** What an editor writes: the part of an article that is versioned. */
export interface ArticleContent {
  title: string;
  /** Markdown (a safe subset is rendered; raw HTML is shown as text). */
  body: string;
  /** "Also asked as": how customers phrase the question this article answers. */
  alternativeQuestions: string[];
  tags: string[];
  visibility: ArticleVisibility;
}

export interface Article extends ArticleContent {
  id: string;
  accountId: string;
  collectionId: string;
  /** Articles with the same translationGroup are translations of each other (one per language). */
  translationGroup: string;
  language: Language;
  /** Grows by one with every saved change; a change must name the version it was based on. */
  version: number;
  createdAt: string;
  updatedAt: string;
  updatedBy: string;
}

export interface ArticleVersion extends ArticleContent {
  articleId: string;
  version: number;
  authorId: string;
  /** Set when this version was made by restoring an older one. */
  restoredFrom: number | null;
  createdAt: string;
}

export const CHANGE_REQUEST_STATUSES = ['pending', 'approved', 'rejected'] as const;
export type ChangeRequestStatus = (typeof CHANGE_REQUEST_STATUSES)[number];

/**
 * A partner's proposed new article or change, waiting for an agent. Approving applies it as a new
 * version; the article stays untouched until then.
 */
export interface ArticleChangeRequest {
  id: string;
  accountId: string;
  collectionId: string;
  /** null: a proposed new article. */
  articleId: string | null;
  /** The article's version the proposal was written against (null for a new article). */
  baseVersion: number | null;
  language: Language;
  content: ArticleContent;
  authorId: string;
  status: ChangeRequestStatus;
  reviewerId: string | null;
  reviewNote: string | null;
  createdAt: string;
  reviewedAt: string | null;
}

/** A customer's answer to "did this help?" (help centre, widget, automatic answer). */
export interface ArticleFeedback {
  accountId: string;
  articleId: string;
  helpful: boolean;
  source: 'help-centre' | 'widget' | 'automatic-answer';
  /** The search that led to the article, when there was one: a new phrasing to learn from. */
  query: string | null;
  createdAt: string;
}

/**
 * Finds an account's public articles for a customer's words, best first, in any language (a German
 * question may find an English-only article). Backed by the knowledge engine in the composition root.
 */
export interface ArticleSearch {
  search(accountId: string, query: string, language: Language): Promise<Article[]>;
}

export interface ArticleFilter {
  collectionId?: string;
  language?: Language;
  visibility?: ArticleVisibility[];
  tag?: string;
}

export interface KnowledgeRepository {
  createCollection(input: {
    accountId: string;
    name: string;
    description: string | null;
  }): Promise<KnowledgeCollection>;
  getCollection(accountId: string, id: string): Promise<KnowledgeCollection | undefined>;
  listCollections(accountId: string): Promise<KnowledgeCollection[]>;
  setCollectionPartners(accountId: string, collectionId: string, partnerIds: string[]): Promise<void>;
  /** Collection ids a partner may propose changes to. */
  grantedCollectionIds(accountId: string, partnerId: string): Promise<string[]>;

  /** Inserts the article and its version 1. */
  createArticle(input: {
    accountId: string;
    collectionId: string;
    translationGroup: string | null;
    language: Language;
    content: ArticleContent;
    authorId: string;
  }): Promise<Article>;
  getArticle(accountId: string, id: string): Promise<Article | undefined>;
  /** Every language of one article, the article itself included. */
  listTranslations(accountId: string, translationGroup: string): Promise<Article[]>;
  listArticles(accountId: string, filter: ArticleFilter): Promise<Article[]>;
  /**
   * Writes the next version when the article is still at `baseVersion`; answers undefined when
   * someone else saved first (the caller reports a conflict).
   */
  saveArticle(input: {
    accountId: string;
    articleId: string;
    baseVersion: number;
    content: ArticleContent;
    authorId: string;
    restoredFrom?: number;
  }): Promise<Article | undefined>;
  listVersions(accountId: string, articleId: string): Promise<ArticleVersion[]>;
  getVersion(accountId: string, articleId: string, version: number): Promise<ArticleVersion | undefined>;

  createChangeRequest(
    input: Omit<
      ArticleChangeRequest,
      'id' | 'status' | 'reviewerId' | 'reviewNote' | 'createdAt' | 'reviewedAt'
    >,
  ): Promise<ArticleChangeRequest>;
  getChangeRequest(accountId: string, id: string): Promise<ArticleChangeRequest | undefined>;
  listChangeRequests(
    accountId: string,
    filter: { status?: ChangeRequestStatus; collectionIds?: string[]; authorId?: string },
  ): Promise<ArticleChangeRequest[]>;
  /** Moves a pending request to its decision; undefined when it was decided already. */
  addFeedback(feedback: ArticleFeedback): Promise<void>;
  feedbackCounts(accountId: string, articleId: string): Promise<{ helpful: number; notHelpful: number }>;
  decideChangeRequest(input: {
    accountId: string;
    id: string;
    status: Exclude<ChangeRequestStatus, 'pending'>;
    reviewerId: string;
    reviewNote: string | null;
    articleId: string | null;
  }): Promise<ArticleChangeRequest | undefined>;
}

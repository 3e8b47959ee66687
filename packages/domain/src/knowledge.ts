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

/** One article the engine offers for a question, with the calibrated probability that it answers it. */
export interface AnswerSuggestion {
  articleId: string;
  title: string;
  language: Language;
  probability: number;
  /** The start of the article's text (plain, short), to judge it without opening it. */
  snippet: string;
  visibility: ArticleVisibility;
}

/** The engine's verdict on one question: answer it automatically, suggest articles, or stay out. */
export interface AnswerAssessment {
  decision: 'answer' | 'suggest' | 'abstain';
  probability: number;
  /** why, in English, for logs and the agent: e.g. 'complaint', 'no-articles', 'below-threshold' */
  reason: string;
  articleId: string | null;
  suggestions: AnswerSuggestion[];
}

/**
 * The knowledge engine behind automatic answers and agents' suggestions, per account: its articles,
 * its calibration and its precision target. Implemented in the composition root (apps/server).
 */
export interface KnowledgeAnswering {
  /** audience 'customer': public articles only; 'agent': public + internal. Never throws on bad text. */
  assess(
    accountId: string,
    question: string,
    options: { language?: Language; audience: 'customer' | 'agent' },
  ): Promise<AnswerAssessment>;
  /** Forget cached indexes/calibration of an account (after learning). */
  invalidate(accountId: string): void;
}

/**
 * Text to vectors with one embedding model (optional: SOFORTDESK_EMBEDDINGS_URL). One vector per
 * text, in order, all of one length; rejects when the model cannot be reached. The knowledge engine
 * only receives the vectors; everything works, measured, without a provider.
 */
export interface EmbeddingProvider {
  /** Names the model, so vectors of different models are never compared (part of cache keys). */
  readonly model: string;
  /** `timeoutMs`: give up sooner than the provider's own limit (a question cannot wait long). */
  embed(texts: string[], options?: { timeoutMs?: number }): Promise<Float32Array[]>;
}

/** An account's automatic answers: off until an admin turns them on; answer only at this precision. */
export interface AutomaticAnswerSettings {
  enabled: boolean;
  /** The share of automatic answers that must be right (0.5..0.999; default 0.95). */
  precisionTarget: number;
}

export const DEFAULT_AUTOMATIC_ANSWER_SETTINGS: AutomaticAnswerSettings = {
  enabled: false,
  precisionTarget: 0.95,
};
export const PRECISION_TARGET_RANGE = { min: 0.5, max: 0.999 } as const;

export const TRAINING_PAIR_SOURCES = ['suggestion', 'help-vote', 'resolved', 'auto-answer'] as const;
export type TrainingPairSource = (typeof TRAINING_PAIR_SOURCES)[number];

/**
 * A labelled question for the engine to learn from: the article answered it (positive) or did not
 * (negative). From agents' use of suggestions, "did this help?" votes, resolved conversations and
 * customers' replies to automatic answers.
 */
export interface KnowledgeTrainingPair {
  id: string;
  accountId: string;
  articleId: string;
  question: string;
  source: TrainingPairSource;
  label: 'positive' | 'negative';
  createdAt: string;
}

export interface TrainingPairRepository {
  add(input: Omit<KnowledgeTrainingPair, 'id' | 'createdAt'>): Promise<KnowledgeTrainingPair>;
  /** Oldest first; at most `limit` (default 10,000), optionally of one source or article. */
  list(
    accountId: string,
    filter?: { source?: TrainingPairSource; articleId?: string; limit?: number },
  ): Promise<KnowledgeTrainingPair[]>;
}

/** The outcome of an automatic answer, as the customer's next message told it. */
export const AUTO_ANSWER_OUTCOMES = [
  'pending',
  'helpful',
  'not-helpful',
  'handed-over',
  'superseded',
] as const;
export type AutoAnswerOutcome = (typeof AUTO_ANSWER_OUTCOMES)[number];

/** Which article answered which customer message automatically, how sure it was, and how it went. */
export interface AutoAnswerRecord {
  id: string;
  accountId: string;
  conversationId: string;
  /** The customer's message that was answered. */
  questionMessageId: string;
  question: string;
  /** The outbound message with the answer. */
  answerMessageId: string;
  articleId: string;
  articleTitle: string;
  probability: number;
  outcome: AutoAnswerOutcome;
  createdAt: string;
  decidedAt: string | null;
}

export interface AutoAnswerRepository {
  create(
    input: Omit<AutoAnswerRecord, 'id' | 'outcome' | 'createdAt' | 'decidedAt'>,
  ): Promise<AutoAnswerRecord>;
  /** The conversation's newest automatic answer, if any. */
  latestForConversation(accountId: string, conversationId: string): Promise<AutoAnswerRecord | undefined>;
  /** Moves a pending record to its outcome; false when it was decided already. */
  decide(accountId: string, id: string, outcome: Exclude<AutoAnswerOutcome, 'pending'>): Promise<boolean>;
  getSettings(accountId: string): Promise<AutomaticAnswerSettings>;
  setSettings(accountId: string, settings: AutomaticAnswerSettings): Promise<AutomaticAnswerSettings>;
}

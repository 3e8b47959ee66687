import type { Language } from './text/language-codes.ts';

/** One article or FAQ entry as the engine sees it: plain text, no markup, no storage concerns. */
export interface KnowledgeItem {
  id: string;
  language: Language;
  /** The title, or the question the item answers. */
  title: string;
  /** Other ways customers ask for it ("also asked as"). */
  alternativeQuestions?: readonly string[];
  body: string;
}

/** A customer question that was answered by an item (an accepted suggestion, a cited reply). */
export interface TrainingPair {
  question: string;
  itemId: string;
}

/**
 * The port a future persistence adapter implements: the items of one account and what was learned
 * for them. The engine itself keeps everything in memory and rebuilds from this.
 */
export interface KnowledgeSource {
  items(accountId: string): Promise<readonly KnowledgeItem[]>;
  trainingPairs(accountId: string): Promise<readonly TrainingPair[]>;
}

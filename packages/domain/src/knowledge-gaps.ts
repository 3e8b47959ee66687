/**
 * Knowledge gaps: recurring customer questions the knowledge base has no confident answer for,
 * grouped so the service lead sees which articles are missing and can draft one from the agents'
 * replies. The grouping itself is the knowledge engine's (packages/knowledge/src/gaps), behind the
 * `QuestionClustering` port.
 */

/** A customer's first question in a conversation. */
export interface GapQuestion {
  conversationId: string;
  text: string;
}

/** One group of similar questions. */
export interface KnowledgeGap {
  /** Stable for the same questions. */
  id: string;
  /** The group's top words, as customers wrote them. */
  label: string;
  count: number;
  /** The most typical question first; at most `GAP_EXAMPLES`. */
  examples: GapQuestion[];
  /** Every conversation of the group (at most `GAP_CONVERSATIONS`): what a draft is made from. */
  conversationIds: string[];
}

export const GAP_EXAMPLES = 5;
export const GAP_CONVERSATIONS = 100;

/** Groups questions by meaning; deterministic. Clusters of fewer than `minSize` are left out. */
export interface QuestionClustering {
  cluster(
    questions: readonly { id: string; text: string }[],
    options?: { minSize?: number },
  ): Promise<
    {
      id: string;
      label: string;
      typical: { id: string; text: string };
      questions: { id: string; text: string }[];
    }[]
  >;
}

export interface KnowledgeGapRepository {
  /**
   * The first customer text message of each conversation created since `since` (newest
   * conversations first, at most `limit`), leaving out conversations where an automatic answer was
   * confirmed helpful. `inboxIds` narrows it to an agent's inboxes.
   */
  firstQuestions(
    accountId: string,
    options: { since: string; inboxIds?: string[]; limit: number },
  ): Promise<{ conversationId: string; inboxId: string; text: string; at: string }[]>;
}

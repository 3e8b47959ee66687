/**
 * Triage of inbound messages (issue 6): the stored signals, the routing rules' store and the
 * engine port. packages/triage computes the signals (apps/server adapts it to `TriageEngine`);
 * packages/db stores rules and signals (`TriageRepository`).
 */
import type {
  RoutingActions,
  RoutingCondition,
  RoutingRule,
  TriageSignals,
  UnreadableReason,
} from './routing.ts';
import type { Language } from './types.ts';

/** A message's signals as stored, with the routing decision that followed. */
export interface MessageTriage extends TriageSignals {
  accountId: string;
  messageId: string;
  conversationId: string;
  /** The rule that routed the message (null when it no longer exists). */
  ruleId: string | null;
  /** The explanation shown on the conversation (also as an event line when it changed something). */
  explanation: string | null;
  createdAt: string;
}

/** One example the account's intent classifier learns from. */
export interface IntentExample {
  text: string;
  label: string;
}

export interface RoutingRuleInput {
  name: string;
  enabled: boolean;
  conditions: RoutingCondition[];
  actions: RoutingActions;
}

export interface TriageRepository {
  saveSignals(input: Omit<MessageTriage, 'createdAt'>): Promise<void>;
  getSignals(accountId: string, messageId: string): Promise<MessageTriage | undefined>;
  /** The newest triage of a conversation's messages (what the workspace shows). */
  latestForConversation(accountId: string, conversationId: string): Promise<MessageTriage | undefined>;
  /**
   * What the intent classifier learns from: the first customer text of each labelled conversation
   * (one example per label), and the questions of conversations resolved by an article (label: the
   * article's title). Newest first, at most `limit`.
   */
  intentExamples(accountId: string, limit: number): Promise<IntentExample[]>;
  /** Changes whenever the examples change (count and newest change), to keep a model fresh. */
  intentExamplesStamp(accountId: string): Promise<string>;

  listRules(accountId: string): Promise<RoutingRule[]>;
  getRule(accountId: string, id: string): Promise<RoutingRule | undefined>;
  createRule(
    accountId: string,
    input: RoutingRuleInput & { position: number; isFallback: boolean },
  ): Promise<RoutingRule>;
  updateRule(accountId: string, id: string, changes: Partial<RoutingRuleInput>): Promise<RoutingRule>;
  deleteRule(accountId: string, id: string): Promise<void>;
  setPositions(accountId: string, orderedIds: string[]): Promise<void>;
  /** Records (or clears with null) why a rule could not be evaluated. */
  reportProblem(accountId: string, id: string, problem: string | null, at: string): Promise<void>;

  /** The conversation's explicit SLA policy (`conversations.sla_policy_id`, read by the SLA timers). */
  setSlaPolicy(accountId: string, conversationId: string, slaPolicyId: string | null): Promise<void>;

  /** A contact's attributes (`vip`, …) that routing conditions may look at. */
  contactAttributes(accountId: string, contactId: string): Promise<Record<string, string | number | boolean>>;
  setContactAttributes(
    accountId: string,
    contactId: string,
    attributes: Record<string, string | number | boolean>,
  ): Promise<void>;
}

export interface TriageInput {
  text: string;
  /** The contact's language, else the inbox's: short texts take it. */
  fallbackLanguage: Language;
  attachments: number;
  /** Without consent to content analysis only the language is computed. */
  analyseContent: boolean;
  /** Automatic answers on this conversation the customer said did not help. */
  failedAutomaticAnswers: number;
}

/** Computes a message's signals (packages/triage through apps/server/src/triage-engine.ts). */
export interface TriageEngine {
  analyse(accountId: string, input: TriageInput): Promise<TriageSignals>;
}

/** Why a message cannot be read, before any analysis: the fallback rule takes such messages. */
export function unreadableReason(text: string, attachments: number): UnreadableReason | null {
  if (text.trim() !== '') return null;
  return attachments > 0 ? 'attachment-only' : 'empty';
}

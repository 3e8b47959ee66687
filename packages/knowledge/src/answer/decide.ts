/**
 * The answer decision: answer automatically only when the calibrated probability reaches the
 * threshold chosen for the precision target; offer the top items as suggestions when they are
 * plausible; otherwise abstain and leave the question to a person.
 */
import type { SearchHit, SearchResult } from '../retrieval/knowledge-index.ts';
import { probabilityOf, type CalibrationModel } from './calibration.ts';

export type Decision = 'answer' | 'suggest' | 'abstain';

export interface DecisionPolicy {
  model: CalibrationModel;
  /** From `thresholdForPrecision` at the account's precision target (default 0.95). */
  answerThreshold: number;
  /** Below this, suggestions would be noise. */
  suggestThreshold: number;
}

export const DEFAULT_PRECISION_TARGET = 0.95;
export const DEFAULT_SUGGEST_THRESHOLD = 0.2;

export interface AnswerDecision {
  decision: Decision;
  /** Probability that the top item answers the question. */
  probability: number;
  /** The item the answer uses (only when answering). */
  itemId?: string;
  /** The top items, for the agent or the widget. */
  suggestions: SearchHit[];
}

export function decide(policy: DecisionPolicy, result: SearchResult, suggestions = 3): AnswerDecision {
  const probability = probabilityOf(policy.model, result);
  const top = result.hits[0];
  const shown = result.hits.slice(0, suggestions);
  if (top && probability >= policy.answerThreshold)
    return { decision: 'answer', probability, itemId: top.id, suggestions: shown };
  if (top && probability >= policy.suggestThreshold)
    return { decision: 'suggest', probability, suggestions: shown };
  return { decision: 'abstain', probability, suggestions: [] };
}

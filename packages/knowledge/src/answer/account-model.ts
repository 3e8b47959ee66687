/**
 * What one account's engine learned, in one place: the policy that turns its labelled training
 * pairs (accepted or rejected suggestions, "did this help?" votes after a search, confirmed or
 * rejected automatic answers, resolved conversations citing an article) into its index and its
 * answer decision.
 *
 *  - The index learns from the positive pairs only: their questions become the items' learned
 *    phrasings and teach term associations (`KnowledgeIndex.build` trainingPairs).
 *  - The calibration and the answer threshold are re-fitted from the account's own labelled pairs
 *    once there are enough of them (`MIN_CALIBRATION_EXAMPLES`, with right and wrong top hits both
 *    present); until then the shipped default policy stays. Fitting is cross-fitted, as in the FAQ
 *    evaluation: each half of the positive pairs is searched in an index that learned from the other
 *    half only, so no question is judged by an index that already knows it.
 */
import { KnowledgeIndex } from '../retrieval/knowledge-index.ts';
import type { TextAnalyzer } from '../text/analyzer.ts';
import type { KnowledgeItem, TrainingPair } from '../types.ts';
import { fitCalibration, probabilityOf, thresholdForPrecision, type LabelledResult } from './calibration.ts';
import { DEFAULT_PRECISION_TARGET, type DecisionPolicy } from './decide.ts';

/** A training pair with its outcome: the item answered the question (positive) or did not. */
export interface LabelledTrainingPair extends TrainingPair {
  label: 'positive' | 'negative';
}

/** Fewer labelled searches than this fit a calibration that is noise; the default stays. */
export const MIN_CALIBRATION_EXAMPLES = 40;

export interface AccountModel {
  index: KnowledgeIndex;
  /** The decision policy at the account's precision target (the threshold depends on it). */
  policyFor(precisionTarget?: number): DecisionPolicy;
  /** Whether the calibration was fitted on the account's own pairs or is the shipped default. */
  calibration: 'default' | 'account';
  /** Positive pairs the index learned from (pairs of unknown items are ignored). */
  learnedPairs: number;
  /** Labelled searches the calibration could use. */
  labelledExamples: number;
}

export interface AccountModelOptions {
  /** The shipped policy for a precision target, used until the account has enough labelled pairs. */
  fallback: (precisionTarget: number) => DecisionPolicy;
  minExamples?: number;
}

export function buildAccountModel(
  analyzer: TextAnalyzer,
  items: readonly KnowledgeItem[],
  pairs: readonly LabelledTrainingPair[],
  options: AccountModelOptions,
): AccountModel {
  const known = new Set(items.map((item) => item.id));
  const usable = pairs.filter((pair) => known.has(pair.itemId) && pair.question.trim() !== '');
  const positives = usable.filter((pair) => pair.label === 'positive');
  const index = KnowledgeIndex.build(analyzer, items, {
    trainingPairs: positives.map(({ question, itemId }) => ({ question, itemId })),
  });
  const fallback = (labelledExamples: number): AccountModel => ({
    index,
    learnedPairs: positives.length,
    calibration: 'default',
    labelledExamples,
    policyFor: (target = DEFAULT_PRECISION_TARGET) => options.fallback(target),
  });

  const minExamples = options.minExamples ?? MIN_CALIBRATION_EXAMPLES;
  // Not enough pairs to be worth the two extra index builds below.
  if (usable.length < minExamples) return fallback(0);
  const examples = labelledExamples(analyzer, items, usable);
  const right = examples.filter((example) => example.isCorrect).length;
  if (examples.length < minExamples || right === 0 || right === examples.length)
    return fallback(examples.length);

  const model = fitCalibration(examples);
  const scored = examples.map((example) => ({
    probability: probabilityOf(model, example.result),
    isCorrect: example.isCorrect,
  }));
  const thresholds = new Map<number, number>();
  return {
    index,
    learnedPairs: positives.length,
    calibration: 'account',
    labelledExamples: examples.length,
    policyFor(target = DEFAULT_PRECISION_TARGET) {
      let answerThreshold = thresholds.get(target);
      if (answerThreshold === undefined)
        thresholds.set(target, (answerThreshold = thresholdForPrecision(scored, target)));
      return { model, answerThreshold, suggestThreshold: options.fallback(target).suggestThreshold };
    },
  };
}

/**
 * Searches each pair's question and labels the top hit. A positive pair says which item is right,
 * so its top hit is right exactly when it is that item. A negative pair only says which item is
 * wrong: it labels the search when the top hit is that item (a wrong answer), and says nothing
 * otherwise.
 */
function labelledExamples(
  analyzer: TextAnalyzer,
  items: readonly KnowledgeItem[],
  pairs: readonly LabelledTrainingPair[],
): LabelledResult[] {
  const halves: LabelledTrainingPair[][] = [[], []];
  for (const pair of pairs) halves[halfOf(pair.question)]!.push(pair);
  const examples: LabelledResult[] = [];
  for (const half of [0, 1]) {
    const learnedFrom = halves[1 - half]!.filter((pair) => pair.label === 'positive');
    const index = KnowledgeIndex.build(analyzer, items, { trainingPairs: learnedFrom });
    for (const pair of halves[half]!) {
      const result = index.search(pair.question);
      const top = result.hits[0];
      if (!top) continue;
      if (pair.label === 'positive') examples.push({ result, isCorrect: top.id === pair.itemId });
      else if (top.id === pair.itemId) examples.push({ result, isCorrect: false });
    }
  }
  return examples;
}

/** A stable half by the question's text (FNV-1a), so the same pairs always split alike. */
function halfOf(text: string): 0 | 1 {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return ((hash >>> 0) % 2) as 0 | 1;
}

/**
 * The answer/abstain threshold: the lowest confidence at which the answered share is still precise
 * enough. An out-of-scope item that would be answered counts as a wrong answer.
 */

export interface ScoredDecision {
  /** The classifier's confidence in its answer (0..1). */
  confidence: number;
  /** Whether answering would be right (right intent; never for out-of-scope). */
  correct: boolean;
  /** Whether the classifier proposes an answer at all (not "out of scope" as its top class). */
  candidate: boolean;
  /** How much the item counts in the precision (default 1), e.g. to re-weight out-of-scope items to their expected share. */
  weight?: number;
}

export interface ThresholdChoice {
  /** Answer when confidence ≥ threshold; above 1 means never. */
  threshold: number;
  precision: number;
  /** Right answers at the threshold. */
  correct: number;
  answered: number;
}

export const NEVER = 1.000001;

/**
 * Among thresholds at the items' confidences, the one with the most right answers whose (weighted)
 * precision is ≥ `target`. Ties in confidence are answered or not together, as a threshold does.
 */
export function thresholdForPrecision(decisions: readonly ScoredDecision[], target: number): ThresholdChoice {
  const candidates = decisions.filter((d) => d.candidate).sort((a, b) => b.confidence - a.confidence);
  let best: ThresholdChoice = { threshold: NEVER, precision: 1, correct: 0, answered: 0 };
  let correct = 0;
  let correctWeight = 0;
  let answeredWeight = 0;
  for (let i = 0; i < candidates.length; i++) {
    const weight = candidates[i]!.weight ?? 1;
    answeredWeight += weight;
    if (candidates[i]!.correct) {
      correct += 1;
      correctWeight += weight;
    }
    const next = candidates[i + 1];
    if (next && next.confidence === candidates[i]!.confidence) continue;
    const answered = i + 1;
    const precision = answeredWeight > 0 ? correctWeight / answeredWeight : 0;
    if (precision >= target && correct > best.correct) {
      best = { threshold: candidates[i]!.confidence, precision, correct, answered };
    }
  }
  return best;
}

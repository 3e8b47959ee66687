/**
 * The probability that the top item answers the question: logistic regression (Platt-style
 * calibration) over features of the ranking, fitted on labelled searches. The raw score alone
 * calibrates badly: it grows with the query's length; the margin to the runner-up and the share
 * of the question the top item covers say more about whether it is the answer.
 *
 * With an embedding signal (`SearchResult.topSimilarity`), a model may have two more features
 * (`SIMILARITY_FEATURE_NAMES`): `fitCalibration` adds them when its examples carry them. A model
 * without them (the shipped default) reads exactly the features it always did.
 */
import type { SearchResult } from '../retrieval/knowledge-index.ts';

export type Features = number[];

/**
 * The features of a search result (fixed order; see `FEATURE_NAMES`), and with `withSimilarity` the
 * embedding ones after them (NaN where the search had no embedding signal: the caller fills in).
 */
export function featuresOf(result: SearchResult, withSimilarity = false): Features {
  const first = result.hits[0]?.score ?? 0;
  const second = result.hits[1]?.score ?? 0;
  const competitor = result.competitorScore ?? second;
  const terms = Math.max(result.termCount, 1);
  return [
    Math.log1p(first),
    first > 0 ? (first - second) / first : 0,
    first > 0 ? (first - competitor) / first : 0,
    Math.log1p((first - competitor) / terms),
    result.topCoverage,
    result.topQuestionCoverage,
    Math.log1p(result.termCount),
    Math.log1p(first / terms),
    ...(withSimilarity ? [result.topSimilarity ?? NaN, result.similarityMargin ?? NaN] : []),
  ];
}

export const FEATURE_NAMES = [
  'logScore',
  'margin',
  'competitorMargin',
  'competitorGapPerTerm',
  'coverage',
  'questionCoverage',
  'logTerms',
  'logScorePerTerm',
] as const;

/** The embedding features, after `FEATURE_NAMES` in a model that uses them. */
export const SIMILARITY_FEATURE_NAMES = ['similarity', 'similarityMargin'] as const;

/** Whether a model was fitted with the embedding features. */
export const usesSimilarity = (model: CalibrationModel): boolean =>
  model.coefficients.length === FEATURE_NAMES.length + SIMILARITY_FEATURE_NAMES.length;

export interface CalibrationModel {
  means: number[];
  deviations: number[];
  coefficients: number[];
  intercept: number;
}

const sigmoid = (z: number) => 1 / (1 + Math.exp(-z));

/** The calibrated probability for a search result (0 when nothing was found). */
export function probabilityOf(model: CalibrationModel, result: SearchResult): number {
  if (result.hits.length === 0) return 0;
  const x = featuresOf(result, usesSimilarity(model));
  let z = model.intercept;
  // A missing embedding feature (the endpoint was down for this query) counts as average: no evidence.
  for (let i = 0; i < x.length; i++) {
    if (i >= FEATURE_NAMES.length && !Number.isFinite(x[i])) continue;
    z += (model.coefficients[i]! * (x[i]! - model.means[i]!)) / model.deviations[i]!;
  }
  return sigmoid(z);
}

export interface LabelledResult {
  result: SearchResult;
  /** Whether the top hit was a right answer. */
  isCorrect: boolean;
}

/**
 * Fits the model by gradient descent on the log loss with a small L2 penalty (the data are a few
 * hundred searches; standardised features keep it well conditioned).
 */
export function fitCalibration(
  examples: readonly LabelledResult[],
  options = { l2: 0.01, iterations: 2000, rate: 0.5 },
): CalibrationModel {
  // The embedding features join only when searches had the signal; without it the model is as before.
  const withSimilarity = examples.some((example) => example.result.topSimilarity !== undefined);
  const raw = examples.map((example) => featuresOf(example.result, withSimilarity));
  const labels = examples.map((example) => (example.isCorrect ? 1 : 0));
  const width = FEATURE_NAMES.length + (withSimilarity ? SIMILARITY_FEATURE_NAMES.length : 0);
  const count = Math.max(raw.length, 1);
  const present = (j: number) => raw.filter((row) => Number.isFinite(row[j]));
  const means = Array.from({ length: width }, (_, j) => {
    const rows = present(j);
    return rows.length ? rows.reduce((sum, row) => sum + row[j]!, 0) / rows.length : 0;
  });
  // A search without the signal (endpoint down) gets the mean, as probabilityOf will treat it.
  const rows = raw.map((row) => row.map((value, j) => (Number.isFinite(value) ? value : means[j]!)));
  const deviations = Array.from({ length: width }, (_, j) => {
    const variance = rows.reduce((sum, row) => sum + (row[j]! - means[j]!) ** 2, 0) / count;
    return Math.sqrt(variance) || 1;
  });
  const standardised = rows.map((row) => row.map((value, j) => (value - means[j]!) / deviations[j]!));
  const coefficients = new Array<number>(width).fill(0);
  const positives = labels.reduce((sum: number, y) => sum + y, 0);
  // Start at the base rate, so a degenerate set (all right or all wrong) stays sensible.
  let intercept = Math.log((positives + 0.5) / (count - positives + 0.5));
  for (let step = 0; step < options.iterations; step++) {
    const gradient = new Array<number>(width).fill(0);
    let gradientIntercept = 0;
    standardised.forEach((x, i) => {
      let z = intercept;
      for (let j = 0; j < width; j++) z += coefficients[j]! * x[j]!;
      const error = sigmoid(z) - labels[i]!;
      gradientIntercept += error;
      for (let j = 0; j < width; j++) gradient[j]! += error * x[j]!;
    });
    intercept -= (options.rate * gradientIntercept) / count;
    for (let j = 0; j < width; j++)
      coefficients[j]! -= options.rate * (gradient[j]! / count + options.l2 * coefficients[j]!);
  }
  return { means, deviations, coefficients, intercept };
}

/**
 * The lower end of the Wilson score interval for `right` successes in `total` trials: a precision
 * measured on a few hundred searches is noisy, and the threshold must hold on questions not seen yet.
 */
export function wilsonLowerBound(right: number, total: number, z: number): number {
  if (total === 0) return 0;
  const p = right / total;
  const z2 = z * z;
  return (
    (p + z2 / (2 * total) - z * Math.sqrt((p * (1 - p)) / total + z2 / (4 * total * total))) /
    (1 + z2 / total)
  );
}

/**
 * The lowest probability threshold at which the answers given on the labelled set are right at
 * least `precision` of the time, judged by the Wilson lower bound (z = 1.28, 90 % one-sided
 * confidence) rather than the raw rate, so that it carries over to new questions; `Infinity` when no
 * threshold meets it (then the system never answers on its own).
 */
export function thresholdForPrecision(
  scored: readonly { probability: number; isCorrect: boolean }[],
  precision: number,
  confidenceZ = 1.28,
): number {
  const sorted = [...scored].sort((a, b) => b.probability - a.probability);
  let right = 0;
  let threshold = Infinity;
  sorted.forEach((example, i) => {
    if (example.isCorrect) right += 1;
    const next = sorted[i + 1];
    // Only cut between distinct probabilities: a threshold cannot split ties.
    if (next && next.probability === example.probability) return;
    if (wilsonLowerBound(right, i + 1, confidenceZ) >= precision) threshold = example.probability;
  });
  return threshold;
}

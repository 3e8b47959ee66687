/**
 * The FAQ evaluation (`sofortdesk eval faq`): ranking quality, speed and the answer decision on one
 * bank of items and one set of queries, beside the BM25 peer.
 *
 * Unanswerable questions: the items of a deterministic 25 % of the relevant groups (the sets of
 * ids a query lists as relevant) are removed from the bank, so their queries have no right answer.
 * Fitting: a deterministic third of the queries (by a hash of the query id) fits the calibration
 * and the answer threshold, and feeds the learning run as resolved conversations; every figure is
 * measured on the other two thirds.
 *
 * Embeddings (optional): vectors for the items and queries, computed by the caller (the CLI asks an
 * endpoint), add the embedding signal to every search and its features to the calibration. Without
 * them the evaluation is exactly the lexical one.
 */
import { fitCalibration, probabilityOf, thresholdForPrecision } from '../answer/calibration.ts';
import { decide, DEFAULT_PRECISION_TARGET, DEFAULT_SUGGEST_THRESHOLD } from '../answer/decide.ts';
import { KnowledgeIndex, type EmbeddingSignal } from '../retrieval/knowledge-index.ts';
import type { TextAnalyzer } from '../text/analyzer.ts';
import type { KnowledgeItem, TrainingPair } from '../types.ts';
import { Bm25Peer } from './bm25-peer.ts';
import type { FaqItem, FaqQuery } from './faq-data.ts';
import { quantile, scoreRanking, stableHash } from './metrics.ts';

export const REMOVED_GROUP_SHARE = 0.25;
export const FIT_SHARE_PERCENT = 33;
const RANK_DEPTH = 100;

export interface RankingSummary {
  p1: number;
  p5: number;
  hit5: number;
  map: number;
  mrr: number;
  msPerQuery: number;
  p95Ms: number;
}

export interface FaqEvaluation extends RankingSummary {
  answeredPrecision: number;
  coverage: number;
  answerThreshold: number | null;
  decisions: { answer: number; suggest: number; abstain: number };
  queries: { total: number; evaluated: number; answerable: number; fit: number };
  bank: { items: number; removedGroups: number; removedItems: number };
  split: string;
  precisionTarget: number;
  learning: RankingSummary & {
    answeredPrecision: number;
    coverage: number;
    answerThreshold: number | null;
    decisions: { answer: number; suggest: number; abstain: number };
    trainingPairs: number;
  };
  peer: RankingSummary;
  indexMs: number;
  /** Only when vectors were given: how many items and queries had one. */
  embeddings?: { items: number; queries: number };
}

/** Vectors by item id and by query id (from one model). */
export interface FaqEmbeddings {
  items: ReadonlyMap<string, Float32Array>;
  queries: ReadonlyMap<string, Float32Array>;
}

export interface EvaluationOptions {
  precisionTarget?: number;
  onProgress?: (message: string) => void;
  embeddings?: FaqEmbeddings;
}

const toItem = (item: FaqItem): KnowledgeItem => ({
  id: item.id,
  language: item.lang,
  title: item.question,
  body: item.answer,
});

const groupKey = (query: FaqQuery) => [...query.relevant].sort().join(' ');
const isFitQuery = (query: FaqQuery) => stableHash(`fit:${query.id}`) % 100 < FIT_SHARE_PERCENT;

/** The groups whose items leave the bank: a quarter of them, chosen by a stable hash. */
export function removedGroups(queries: readonly FaqQuery[]): Set<string> {
  const groups = [...new Set(queries.map(groupKey))];
  groups.sort((a, b) => stableHash(a) - stableHash(b) || a.localeCompare(b));
  return new Set(groups.slice(0, Math.round(groups.length * REMOVED_GROUP_SHARE)));
}

function summarise(scores: ReturnType<typeof scoreRanking>[], times: number[]): RankingSummary {
  const mean = (pick: (s: ReturnType<typeof scoreRanking>) => number) =>
    scores.length ? scores.reduce((sum, s) => sum + pick(s), 0) / scores.length : 0;
  return {
    p1: mean((s) => s.p1),
    p5: mean((s) => s.p5),
    hit5: mean((s) => s.hit5),
    map: mean((s) => s.averagePrecision),
    mrr: mean((s) => s.reciprocalRank),
    msPerQuery: times.length ? times.reduce((a, b) => a + b, 0) / times.length : 0,
    p95Ms: quantile(times, 0.95),
  };
}

interface Measured extends RankingSummary {
  answeredPrecision: number;
  coverage: number;
  answerThreshold: number | null;
  decisions: { answer: number; suggest: number; abstain: number };
  answerable: number;
}

export function evaluateFaq(
  analyzer: TextAnalyzer,
  items: readonly FaqItem[],
  queries: readonly FaqQuery[],
  options: EvaluationOptions = {},
): FaqEvaluation {
  const progress = options.onProgress ?? (() => {});
  const precisionTarget = options.precisionTarget ?? DEFAULT_PRECISION_TARGET;
  const removed = removedGroups(queries);
  const removedIds = new Set(queries.filter((q) => removed.has(groupKey(q))).flatMap((q) => q.relevant));
  const bank = items.filter((item) => !removedIds.has(item.id));
  const bankItems = bank.map(toItem);
  const bankIds = new Set(bank.map((item) => item.id));
  const relevantInBank = (query: FaqQuery) => new Set(query.relevant.filter((id) => bankIds.has(id)));
  const fit = queries.filter(isFitQuery);
  const test = queries.filter((query) => !isFitQuery(query));
  progress(
    `bank ${bank.length} items (${removedIds.size} removed), ${fit.length} fitting and ${test.length} test queries`,
  );

  const vectors = options.embeddings;
  const signalFor = (query: FaqQuery): EmbeddingSignal | undefined => {
    const vector = vectors?.queries.get(query.id);
    return vector && vectors ? { query: vector, vectorOf: (id) => vectors.items.get(id) } : undefined;
  };
  const search = (index: KnowledgeIndex, query: FaqQuery) => {
    const embedding = signalFor(query);
    return index.search(
      query.text,
      embedding
        ? { language: query.lang, limit: RANK_DEPTH, embedding }
        : { language: query.lang, limit: RANK_DEPTH },
    );
  };
  const labelled = (index: KnowledgeIndex, list: readonly FaqQuery[]) =>
    list.map((query) => {
      const result = search(index, query);
      const top = result.hits[0];
      return { result, isCorrect: top !== undefined && relevantInBank(query).has(top.id) };
    });
  // A resolved conversation cites one right item (the first in the bank).
  const pairsOf = (list: readonly FaqQuery[]): TrainingPair[] =>
    list.flatMap((query) => {
      const cited = query.relevant.find((id) => bankIds.has(id));
      return cited ? [{ question: query.text, itemId: cited }] : [];
    });

  /** Calibration and the answer threshold, fitted on labelled searches. */
  const policyFrom = (examples: ReturnType<typeof labelled>) => {
    const model = fitCalibration(examples);
    const answerThreshold = thresholdForPrecision(
      examples.map((example) => ({
        probability: probabilityOf(model, example.result),
        isCorrect: example.isCorrect,
      })),
      precisionTarget,
    );
    return { model, answerThreshold, suggestThreshold: DEFAULT_SUGGEST_THRESHOLD };
  };

  /** Ranking figures and the system's own decisions on the test queries. */
  const measure = (index: KnowledgeIndex, policy: ReturnType<typeof policyFrom>): Measured => {
    const scores: ReturnType<typeof scoreRanking>[] = [];
    const times: number[] = [];
    const decisions = { answer: 0, suggest: 0, abstain: 0 };
    let rightAnswers = 0;
    for (const query of test) {
      const begin = performance.now();
      const result = search(index, query);
      times.push(performance.now() - begin);
      const relevant = relevantInBank(query);
      const decision = decide(policy, result);
      decisions[decision.decision] += 1;
      if (decision.decision === 'answer' && decision.itemId && relevant.has(decision.itemId))
        rightAnswers += 1;
      if (relevant.size === 0) continue;
      scores.push(
        scoreRanking(
          result.hits.map((hit) => hit.id),
          relevant,
        ),
      );
    }
    return {
      ...summarise(scores, times),
      answeredPrecision: decisions.answer ? rightAnswers / decisions.answer : 0,
      coverage: scores.length ? rightAnswers / scores.length : 0,
      answerThreshold: Number.isFinite(policy.answerThreshold) ? policy.answerThreshold : null,
      decisions,
      answerable: scores.length,
    };
  };

  const started = performance.now();
  const index = KnowledgeIndex.build(analyzer, bankItems);
  const indexMs = performance.now() - started;
  progress(`indexed in ${indexMs.toFixed(0)} ms`);
  const policy = policyFrom(labelled(index, fit));
  progress(`calibrated on ${fit.length} queries; answer threshold ${policy.answerThreshold.toFixed(3)}`);
  const { answerable, ...ours } = measure(index, policy);
  progress(
    `engine: P@1 ${ours.p1.toFixed(3)}, MRR ${ours.mrr.toFixed(3)}, answered precision ${ours.answeredPrecision.toFixed(3)}, coverage ${ours.coverage.toFixed(3)}`,
  );

  // Learning: the fitting queries come back as resolved conversations. Its calibration is
  // cross-fitted (learn from one half of them, label the other half's searches, and the reverse),
  // so no question is scored by an index that learned it.
  const halves = [0, 1].map((half) => fit.filter((query) => stableHash(`half:${query.id}`) % 2 === half));
  const crossFitted = [0, 1].flatMap((half) =>
    labelled(
      KnowledgeIndex.build(analyzer, bankItems, { trainingPairs: pairsOf(halves[half]!) }),
      halves[1 - half]!,
    ),
  );
  const pairs = pairsOf(fit);
  const learnedIndex = KnowledgeIndex.build(analyzer, bankItems, { trainingPairs: pairs });
  const { answerable: _, ...learned } = measure(learnedIndex, policyFrom(crossFitted));
  const learning = { ...learned, trainingPairs: pairs.length };
  progress(
    `after learning from ${pairs.length} pairs: P@1 ${learning.p1.toFixed(3)}, answered precision ${learning.answeredPrecision.toFixed(3)}, coverage ${learning.coverage.toFixed(3)}`,
  );

  // The peer, on the same bank and the same test queries. Its stemmer follows the bank's language.
  const peer = new Bm25Peer(bank, bank[0]?.lang ?? 'en');
  const peerScores: ReturnType<typeof scoreRanking>[] = [];
  const peerTimes: number[] = [];
  for (const query of test) {
    const relevant = relevantInBank(query);
    if (relevant.size === 0) continue;
    const begin = performance.now();
    const ranked = peer.rank(query.text, RANK_DEPTH);
    peerTimes.push(performance.now() - begin);
    peerScores.push(scoreRanking(ranked, relevant));
  }
  const peerSummary = summarise(peerScores, peerTimes);
  progress(`peer: P@1 ${peerSummary.p1.toFixed(3)}, MRR ${peerSummary.mrr.toFixed(3)}`);

  return {
    ...ours,
    queries: { total: queries.length, evaluated: test.length, answerable, fit: fit.length },
    bank: { items: bank.length, removedGroups: removed.size, removedItems: removedIds.size },
    split: `metrics on the queries with fnv1a("fit:"+id) % 100 >= ${FIT_SHARE_PERCENT}; the others fit the calibration and answer threshold, and are the learning run's training pairs`,
    precisionTarget,
    learning,
    peer: peerSummary,
    indexMs,
    ...(vectors
      ? {
          embeddings: {
            items: bank.filter((item) => vectors.items.has(item.id)).length,
            queries: queries.filter((query) => vectors.queries.has(query.id)).length,
          },
        }
      : {}),
  };
}

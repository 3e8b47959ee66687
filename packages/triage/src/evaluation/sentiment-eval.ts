/**
 * The sentiment evaluation (`sofortdesk eval sentiment`): train on TRAIN, measure on TEST: accuracy
 * and macro-F1 of the model, of the lexicon alone, and of the majority class of TRAIN.
 */
import type { TextAnalyzer } from '@sofortdesk/knowledge';
import { fnv1a } from '../random.ts';
import {
  lexiconSentiment,
  SENTIMENTS,
  SentimentModel,
  type LabelledSentiment,
  type Sentiment,
  type SentimentOptions,
} from '../sentiment/sentiment.ts';

export interface ClassFigures {
  accuracy: number;
  macroF1: number;
  f1: Record<Sentiment, number>;
}

export interface SentimentEvaluation extends ClassFigures {
  trainSeconds: number;
  msPerQuery: number;
  examples: { train: number; test: number };
  lexicon: ClassFigures;
  majority: ClassFigures & { sentiment: Sentiment };
}

export function scoreClasses(truth: readonly Sentiment[], predicted: readonly Sentiment[]): ClassFigures {
  const f1 = {} as Record<Sentiment, number>;
  for (const s of SENTIMENTS) {
    let tp = 0;
    let fp = 0;
    let fn = 0;
    truth.forEach((t, i) => {
      const p = predicted[i];
      if (p === s && t === s) tp += 1;
      else if (p === s) fp += 1;
      else if (t === s) fn += 1;
    });
    f1[s] = tp ? (2 * tp) / (2 * tp + fp + fn) : 0;
  }
  const right = truth.filter((t, i) => predicted[i] === t).length;
  return {
    accuracy: truth.length ? right / truth.length : 0,
    macroF1: SENTIMENTS.reduce((sum, s) => sum + f1[s], 0) / SENTIMENTS.length,
    f1,
  };
}

export function evaluateSentiment(
  analyzer: TextAnalyzer,
  train: readonly LabelledSentiment[],
  test: readonly LabelledSentiment[],
  options: SentimentOptions = {},
): SentimentEvaluation {
  let started = performance.now();
  const model = SentimentModel.train(analyzer, train, options);
  const trainSeconds = (performance.now() - started) / 1000;
  const truth = test.map((e) => e.sentiment);
  started = performance.now();
  const predicted = test.map((e) => model.analyze(e.text).sentiment);
  const msPerQuery = (performance.now() - started) / Math.max(1, test.length);
  const counts = SENTIMENTS.map((s) => train.filter((e) => e.sentiment === s).length);
  const majority = SENTIMENTS[counts.indexOf(Math.max(...counts))]!;
  return {
    ...scoreClasses(truth, predicted),
    trainSeconds,
    msPerQuery,
    examples: { train: train.length, test: test.length },
    lexicon: scoreClasses(
      truth,
      test.map((e) => lexiconSentiment(e.text).sentiment),
    ),
    majority: {
      sentiment: majority,
      ...scoreClasses(
        truth,
        truth.map(() => majority),
      ),
    },
  };
}

/**
 * A deterministic split of one labelled file (GermEval ships one dev file): fnv1a of the text,
 * `testPercent` of the examples to TEST.
 */
export function splitByHash<T extends { text: string }>(rows: readonly T[], testPercent = 30) {
  const isTest = (row: T) => fnv1a(row.text) % 100 < testPercent;
  return { train: rows.filter((r) => !isTest(r)), test: rows.filter(isTest) };
}

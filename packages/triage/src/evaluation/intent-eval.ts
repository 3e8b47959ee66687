/**
 * The intent evaluation (`sofortdesk eval intents`): train on TRAIN, classify every TEST example, and
 * measure the classifier's own answer/abstain decisions beside a BM25 nearest-neighbour peer that
 * gets the same protocol (threshold fitted on a validation file when given, else on a held-out part
 * of TRAIN; never on TEST).
 *
 * - accuracy: in-scope test examples whose top in-scope intent is right (no threshold);
 * - answeredPrecision: right answers / answers, an answered out-of-scope example counting as wrong;
 * - coverage: right answers / in-scope examples (the share automation handles);
 * - oosRecall: out-of-scope examples abstained on / out-of-scope examples (null without any);
 * - automationAtP95: coverage at the best threshold on TEST whose answered precision is ≥ 0.95 (an
 *   oracle threshold: what the confidence ranking allows, not what the fitted threshold achieved).
 */
import type { TextAnalyzer } from '@sofortdesk/knowledge';
import {
  DEFAULT_OUT_OF_SCOPE_SHARE,
  IntentClassifier,
  OOS_LABEL,
  type IntentOptions,
  type LabelledText,
} from '../intent-classifier.ts';
import { fnv1a } from '../random.ts';
import { NEVER, thresholdForPrecision } from '../threshold.ts';
import { Bm25Neighbours } from './bm25-neighbours.ts';

export interface Decision {
  truth: string;
  intent: string | null;
  confidence: number;
  candidate: boolean;
  answer: boolean;
}

export interface DecisionFigures {
  accuracy: number;
  answeredPrecision: number;
  coverage: number;
  oosRecall: number | null;
  automationAtP95: number;
  /** In-scope examples answered with the right intent at the fitted threshold / in-scope examples. */
  inScopeAccuracyAtThreshold: number;
  threshold: number | null;
}

export interface IntentEvaluation extends DecisionFigures {
  trainSeconds: number;
  trainCpuSeconds: number;
  msPerQuery: number;
  p95Ms: number;
  examples: {
    train: number;
    test: number;
    inScope: number;
    outOfScope: number;
    intents: number;
    /** Examples of the validation file the threshold was fitted on (0: a held-out part of TRAIN). */
    validation: number;
  };
  precisionTarget: number;
  peer: DecisionFigures & { trainSeconds: number; msPerQuery: number };
}

const AUTOMATION_PRECISION = 0.95;

export function measureDecisions(decisions: readonly Decision[], threshold: number): DecisionFigures {
  const inScope = decisions.filter((d) => d.truth !== OOS_LABEL);
  const outOfScope = decisions.filter((d) => d.truth === OOS_LABEL);
  const answered = decisions.filter((d) => d.answer);
  const rightAnswers = answered.filter((d) => d.truth !== OOS_LABEL && d.intent === d.truth).length;
  const oracle = thresholdForPrecision(
    decisions.map((d) => ({
      confidence: d.confidence,
      candidate: d.candidate,
      correct: d.truth !== OOS_LABEL && d.intent === d.truth,
    })),
    AUTOMATION_PRECISION,
  );
  const share = (n: number, of: number) => (of ? n / of : 0);
  return {
    accuracy: share(inScope.filter((d) => d.intent === d.truth).length, inScope.length),
    answeredPrecision: share(rightAnswers, answered.length),
    coverage: share(rightAnswers, inScope.length),
    oosRecall: outOfScope.length
      ? share(outOfScope.filter((d) => !d.answer).length, outOfScope.length)
      : null,
    automationAtP95: share(oracle.correct, inScope.length),
    inScopeAccuracyAtThreshold: share(rightAnswers, inScope.length),
    threshold: threshold >= NEVER ? null : threshold,
  };
}

const quantile = (values: number[], q: number) =>
  values.length
    ? [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor(q * values.length))]!
    : 0;

function trainPeer(
  train: readonly LabelledText[],
  precisionTarget: number,
  validation: readonly LabelledText[] = [],
  outOfScopeShare = DEFAULT_OUT_OF_SCOPE_SHARE,
) {
  // The same protocol as the classifier: fit the threshold on the validation file when there is
  // one, else on 15 % of TRAIN; out-of-scope examples weighted to their expected share.
  const heldOut = (e: LabelledText) => fnv1a(`held-out:${e.text}`) % 100 < 15;
  const useValidation = validation.length >= 20;
  const peer = new Bm25Neighbours(train);
  const fitter = useValidation ? peer : new Bm25Neighbours(train.filter((e) => !heldOut(e)));
  const fitSet = useValidation ? validation : train.filter(heldOut);
  const outOfScope = fitSet.filter((e) => e.label === OOS_LABEL).length;
  const inScope = fitSet.length - outOfScope;
  const oosWeight =
    outOfScope && inScope && outOfScopeShare > 0 && outOfScopeShare < 1
      ? ((outOfScopeShare / (1 - outOfScopeShare)) * inScope) / outOfScope
      : 1;
  const choice = thresholdForPrecision(
    fitSet.map((e) => {
      const p = fitter.classify(e.text);
      const candidate = p.label !== null && p.label !== OOS_LABEL;
      return {
        confidence: p.confidence,
        candidate,
        correct: candidate && p.label === e.label,
        weight: e.label === OOS_LABEL ? oosWeight : 1,
      };
    }),
    precisionTarget,
  );
  return { peer, threshold: choice.threshold };
}

export function evaluateIntents(
  analyzer: TextAnalyzer,
  train: readonly LabelledText[],
  test: readonly LabelledText[],
  options: IntentOptions & { onProgress?: (message: string) => void } = {},
): IntentEvaluation {
  const progress = options.onProgress ?? (() => {});
  const precisionTarget = options.precisionTarget ?? AUTOMATION_PRECISION;
  progress(`training on ${train.length} examples`);
  let started = performance.now();
  const cpuBefore = process.cpuUsage();
  const classifier = IntentClassifier.train(analyzer, train, { ...options, precisionTarget });
  const trainSeconds = (performance.now() - started) / 1000;
  // On a shared machine wall time includes waiting for a core; CPU time is the work itself.
  const cpu = process.cpuUsage(cpuBefore);
  const trainCpuSeconds = (cpu.user + cpu.system) / 1e6;
  progress(
    `trained in ${trainSeconds.toFixed(1)} s, threshold ${classifier.threshold.toFixed(3)}; classifying ${test.length}`,
  );
  const times: number[] = [];
  const decisions: Decision[] = test.map((example) => {
    const t = performance.now();
    const p = classifier.classify(example.text);
    times.push(performance.now() - t);
    return {
      truth: example.label,
      intent: p.intent,
      confidence: p.confidence,
      candidate: p.outOfScope < p.confidence,
      answer: p.answer,
    };
  });
  const ours = measureDecisions(decisions, classifier.threshold);

  progress('BM25 nearest-neighbour peer');
  started = performance.now();
  const { peer, threshold: peerThreshold } = trainPeer(
    train,
    precisionTarget,
    options.validation,
    options.outOfScopeShare,
  );
  const peerTrainSeconds = (performance.now() - started) / 1000;
  started = performance.now();
  const peerDecisions: Decision[] = test.map((example) => {
    const p = peer.classify(example.text);
    const candidate = p.label !== null && p.label !== OOS_LABEL;
    return {
      truth: example.label,
      intent: p.label,
      confidence: p.confidence,
      candidate,
      answer: candidate && p.confidence >= peerThreshold,
    };
  });
  const peerMs = (performance.now() - started) / Math.max(1, test.length);

  const outOfScope = test.filter((e) => e.label === OOS_LABEL).length;
  return {
    ...ours,
    trainSeconds,
    trainCpuSeconds,
    msPerQuery: times.reduce((a, b) => a + b, 0) / Math.max(1, times.length),
    p95Ms: quantile(times, 0.95),
    examples: {
      train: train.length,
      test: test.length,
      inScope: test.length - outOfScope,
      outOfScope,
      intents: classifier.labels.filter((l) => l !== OOS_LABEL).length,
      validation: options.validation?.length ?? 0,
    },
    precisionTarget,
    peer: {
      ...measureDecisions(peerDecisions, peerThreshold),
      trainSeconds: peerTrainSeconds,
      msPerQuery: peerMs,
    },
  };
}

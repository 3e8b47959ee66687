import { describe, expect, it } from 'vitest';
import { measureDecisions, type Decision } from './intent-eval.ts';
import { scoreClasses, splitByHash } from './sentiment-eval.ts';

describe('measureDecisions', () => {
  const decisions: Decision[] = [
    { truth: 'a', intent: 'a', confidence: 0.9, candidate: true, answer: true },
    { truth: 'a', intent: 'b', confidence: 0.8, candidate: true, answer: true }, // wrong answer
    { truth: 'b', intent: 'b', confidence: 0.3, candidate: true, answer: false }, // right but abstained
    { truth: 'oos', intent: 'a', confidence: 0.85, candidate: true, answer: true }, // answered out of scope
    { truth: 'oos', intent: 'b', confidence: 0.2, candidate: false, answer: false },
  ];

  it('counts an answered out-of-scope example as a wrong answer', () => {
    const figures = measureDecisions(decisions, 0.5);
    expect(figures.accuracy).toBeCloseTo(2 / 3);
    expect(figures.answeredPrecision).toBeCloseTo(1 / 3);
    expect(figures.coverage).toBeCloseTo(1 / 3);
    expect(figures.oosRecall).toBeCloseTo(1 / 2);
    // Only the 0.9 answer keeps precision ≥ 0.95: one of three in-scope examples.
    expect(figures.automationAtP95).toBeCloseTo(1 / 3);
    expect(figures.threshold).toBe(0.5);
  });

  it('reports no oosRecall without out-of-scope examples', () => {
    expect(measureDecisions(decisions.slice(0, 3), 0.5).oosRecall).toBeNull();
  });
});

describe('scoreClasses', () => {
  it('computes accuracy and macro-F1 over the three classes', () => {
    const figures = scoreClasses(
      ['negative', 'neutral', 'neutral', 'positive'],
      ['negative', 'neutral', 'positive', 'neutral'],
    );
    expect(figures.accuracy).toBe(0.5);
    expect(figures.f1.negative).toBe(1);
    expect(figures.f1.neutral).toBe(0.5);
    expect(figures.f1.positive).toBe(0);
    expect(figures.macroF1).toBeCloseTo(0.5);
  });
});

describe('splitByHash', () => {
  it('splits deterministically by the text', () => {
    const rows = Array.from({ length: 200 }, (_, i) => ({ text: `message ${i}` }));
    const first = splitByHash(rows, 30);
    expect(splitByHash(rows, 30)).toEqual(first);
    expect(first.train.length + first.test.length).toBe(200);
    expect(first.test.length).toBeGreaterThan(30);
    expect(first.test.length).toBeLessThan(90);
  });
});

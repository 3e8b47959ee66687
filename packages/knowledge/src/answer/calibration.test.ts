import { describe, expect, it } from 'vitest';
import type { SearchResult } from '../retrieval/knowledge-index.ts';
import { fitCalibration, probabilityOf, thresholdForPrecision } from './calibration.ts';
import { decide } from './decide.ts';

const result = (first: number, second: number, coverage: number): SearchResult => ({
  language: 'en',
  termCount: 3,
  hits: [
    { id: 'a', score: first },
    { id: 'b', score: second },
  ],
  topCoverage: coverage,
  topQuestionCoverage: coverage,
});

// Clear winners are right, close calls are wrong: the model must learn the margin.
const examples = Array.from({ length: 60 }, (_, i) => {
  const isCorrect = i % 2 === 0;
  return {
    result: isCorrect ? result(10 + (i % 5), 3, 1) : result(6 + (i % 5), 5.5 + (i % 5), 0.4),
    isCorrect,
  };
});

describe('calibration', () => {
  it('fits probabilities that separate right from wrong top hits', () => {
    const model = fitCalibration(examples);
    expect(probabilityOf(model, result(12, 3, 1))).toBeGreaterThan(0.9);
    expect(probabilityOf(model, result(7, 6.5, 0.4))).toBeLessThan(0.1);
    expect(
      probabilityOf(model, {
        language: 'en',
        termCount: 0,
        hits: [],
        topCoverage: 0,
        topQuestionCoverage: 0,
      }),
    ).toBe(0);
  });

  it('picks the lowest threshold that meets the precision target, or none', () => {
    const scored = [0.9, 0.8, 0.7, 0.6, 0.5].flatMap((probability, i) =>
      Array.from({ length: 20 }, (_, j) => ({ probability, isCorrect: i < 3 || j < 10 })),
    );
    expect(thresholdForPrecision(scored, 0.95)).toBe(0.7);
    expect(thresholdForPrecision(scored, 0.5)).toBe(0.5);
    expect(thresholdForPrecision([{ probability: 0.9, isCorrect: false }], 0.95)).toBe(Infinity);
  });

  it('answers, suggests or abstains by the calibrated probability', () => {
    const model = fitCalibration(examples);
    const policy = { model, answerThreshold: 0.9, suggestThreshold: 0.2 };
    expect(decide(policy, result(12, 3, 1))).toMatchObject({ decision: 'answer', itemId: 'a' });
    expect(decide(policy, result(7, 6.5, 0.4)).decision).toBe('abstain');
    expect(decide({ ...policy, answerThreshold: Infinity }, result(12, 3, 1)).decision).toBe('suggest');
  });
});

import { describe, expect, it } from 'vitest';
import type { SparseVector } from './features.ts';
import { SoftmaxRegression } from './softmax-regression.ts';
import { thresholdForPrecision, NEVER } from './threshold.ts';

const vector = (indices: number[]): SparseVector => ({
  indices: Uint32Array.from(indices),
  values: Float32Array.from(indices, () => 1),
});

describe('SoftmaxRegression', () => {
  // Three classes, each marked by its own feature (0, 1, 2) plus noise features 3 and 4; 5 = bias.
  const examples = Array.from({ length: 60 }, (_, i) => vector([i % 3, 3 + (i % 2), 5]));
  const labels = Array.from({ length: 60 }, (_, i) => i % 3);

  it('converges on a separable toy set, with probabilities that sum to 1', () => {
    const model = SoftmaxRegression.train(examples, labels, 3, 6, { epochs: 20, seed: 7 });
    for (let c = 0; c < 3; c++) {
      const p = model.probabilities(vector([c, 5]));
      expect(p.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 6);
      expect(p[c]).toBeGreaterThan(0.9);
    }
  });

  it('is deterministic for a seed', () => {
    const a = SoftmaxRegression.train(examples, labels, 3, 6, { seed: 3 }).probabilities(vector([0, 3, 5]));
    const b = SoftmaxRegression.train(examples, labels, 3, 6, { seed: 3 }).probabilities(vector([0, 3, 5]));
    expect([...a]).toEqual([...b]);
  });
});

describe('thresholdForPrecision', () => {
  it('picks the lowest confidence that keeps the answered precision at the target', () => {
    const decisions = [
      { confidence: 0.9, correct: true, candidate: true },
      { confidence: 0.8, correct: true, candidate: true },
      { confidence: 0.7, correct: true, candidate: true },
      { confidence: 0.6, correct: false, candidate: true },
      { confidence: 0.5, correct: true, candidate: true },
      { confidence: 0.4, correct: false, candidate: true },
      { confidence: 0.95, correct: false, candidate: false }, // abstains anyway (out of scope on top)
    ];
    expect(thresholdForPrecision(decisions, 1)).toMatchObject({ threshold: 0.7, correct: 3, answered: 3 });
    expect(thresholdForPrecision(decisions, 0.8)).toMatchObject({ threshold: 0.5, correct: 4, answered: 5 });
  });

  it('never answers when no threshold is precise enough', () => {
    const decisions = [{ confidence: 0.9, correct: false, candidate: true }];
    expect(thresholdForPrecision(decisions, 0.95).threshold).toBe(NEVER);
  });
});

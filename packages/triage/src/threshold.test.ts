import { describe, expect, it } from 'vitest';
import { NEVER, thresholdForPrecision, type ScoredDecision } from './threshold.ts';

describe('thresholdForPrecision', () => {
  // Nine right answers above one out-of-scope example answered at 0.5.
  const decisions: ScoredDecision[] = [
    ...Array.from({ length: 9 }, (_, i) => ({ confidence: 0.9 - i * 0.01, correct: true, candidate: true })),
    { confidence: 0.5, correct: false, candidate: true },
    { confidence: 0.4, correct: true, candidate: true },
  ];

  it('answers down to the lowest confidence that keeps the precision', () => {
    // 10 of 11 right (0.91) at 0.4: precision 0.9 allows all of them.
    expect(thresholdForPrecision(decisions, 0.9).threshold).toBe(0.4);
    expect(thresholdForPrecision(decisions, 0.95).threshold).toBeCloseTo(0.82);
  });

  it('counts a weighted wrong answer as often as its weight says', () => {
    // The out-of-scope example weighted ×3: 10 right of 13 at 0.4 is below 0.9, so it stops above 0.5.
    const weighted = decisions.map((d) => (d.correct ? d : { ...d, weight: 3 }));
    expect(thresholdForPrecision(weighted, 0.9).threshold).toBeCloseTo(0.82);
    expect(thresholdForPrecision(weighted, 0.9).correct).toBe(9);
  });

  it('never answers when nothing reaches the target', () => {
    expect(thresholdForPrecision([{ confidence: 0.9, correct: false, candidate: true }], 0.5).threshold).toBe(
      NEVER,
    );
  });
});

import { describe, expect, it } from 'vitest';
import { FEATURE_NAMES } from './calibration.ts';
import {
  DEFAULT_CALIBRATION,
  DEFAULT_CALIBRATION_FEATURES,
  DEFAULT_THRESHOLDS,
  defaultThresholdFor,
} from './default-calibration.ts';

describe('the default calibration', () => {
  it('was fitted on the features the engine computes now (else: npx tsx eval/fit-default-calibration.ts)', () => {
    expect(DEFAULT_CALIBRATION_FEATURES).toEqual(FEATURE_NAMES);
    for (const list of [
      DEFAULT_CALIBRATION.means,
      DEFAULT_CALIBRATION.deviations,
      DEFAULT_CALIBRATION.coefficients,
    ])
      expect(list).toHaveLength(FEATURE_NAMES.length);
  });

  it('asks for more certainty as the precision target rises, never less', () => {
    const thresholds = DEFAULT_THRESHOLDS.map(([, t]) => t ?? Infinity);
    for (let i = 1; i < thresholds.length; i++)
      expect(thresholds[i]).toBeGreaterThanOrEqual(thresholds[i - 1]!);
    expect(defaultThresholdFor(0.95)).toBe(DEFAULT_THRESHOLDS.find(([target]) => target === 0.95)![1]);
    // Between grid points the stricter neighbour holds.
    expect(defaultThresholdFor(0.96)).toBe(defaultThresholdFor(0.97));
    expect(defaultThresholdFor(1.5)).toBe(Infinity);
  });
});

import { describe, expect, it } from 'vitest';
import { computeDepthMetrics } from './compute-depth-metrics.js';
import { MetricAccumulator } from './metric-accumulator.js';

describe('MetricAccumulator', () => {
  it('averages per-image metrics (not pixels) and skips empty images without NaN', () => {
    const acc = new MetricAccumulator();
    // Image A: 1 pixel with abs_rel 0.5; image B: 3 pixels with abs_rel 0.1.
    acc.add(computeDepthMetrics(new Float64Array([2]), new Float64Array([1])));
    acc.add(computeDepthMetrics(new Float64Array([0, 0]), new Float64Array([1, 1])));
    acc.add(computeDepthMetrics(new Float64Array([1, 2, 4]), new Float64Array([1.1, 2.2, 4.4])));
    expect(acc.images).toBe(2);
    expect(acc.skipped).toBe(1);
    expect(acc.validPixels).toBe(4);
    const mean = acc.mean()!;
    expect(mean.abs_rel).toBeCloseTo((0.5 + 0.1) / 2, 14);
    expect(Object.values(mean).every(Number.isFinite)).toBe(true);
  });

  it('mean is null until an image has a valid pixel', () => {
    const acc = new MetricAccumulator();
    expect(acc.mean()).toBeNull();
    acc.add({ validPixels: 0, metrics: null });
    expect(acc.mean()).toBeNull();
    expect(acc.skipped).toBe(1);
  });
});

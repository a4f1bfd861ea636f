import { describe, expect, it } from 'vitest';
import { computeDepthMetrics } from './compute-depth-metrics.js';
import { metricNames } from './depth-metrics.js';

// Four pixels worked by hand: (gt, pred) = (2, 1), (4, 8), (10, 12), (1, 1.7).
const gt = new Float64Array([2, 4, 10, 1]);
const pred = new Float64Array([1, 8, 12, 1.7]);
const d = [Math.log(1 / 2), Math.log(8 / 4), Math.log(12 / 10), Math.log(1.7)];
const meanD = d.reduce((s, x) => s + x, 0) / 4;
const meanD2 = d.reduce((s, x) => s + x * x, 0) / 4;

describe('computeDepthMetrics on hand-computed pixels', () => {
  const { metrics, validPixels } = computeDepthMetrics(gt, pred);

  it('counts every pixel with gt > 0', () => expect(validPixels).toBe(4));

  it('abs_rel, sq_rel, mae, rmse', () => {
    expect(metrics!.abs_rel).toBeCloseTo((0.5 + 1 + 0.2 + 0.7) / 4, 14);
    expect(metrics!.sq_rel).toBeCloseTo((1 / 2 + 16 / 4 + 4 / 10 + 0.49 / 1) / 4, 14);
    expect(metrics!.mae).toBeCloseTo((1 + 4 + 2 + 0.7) / 4, 14);
    expect(metrics!.rmse).toBeCloseTo(Math.sqrt((1 + 16 + 4 + 0.49) / 4), 14);
  });

  it('rmse_log, log10, silog (BTS)', () => {
    expect(metrics!.rmse_log).toBeCloseTo(Math.sqrt(meanD2), 14);
    const log10 = (Math.log10(2) + Math.log10(2) + Math.log10(1.2) + Math.log10(1.7)) / 4;
    expect(metrics!.log10).toBeCloseTo(log10, 14);
    expect(metrics!.silog).toBeCloseTo(100 * Math.sqrt(meanD2 - meanD * meanD), 12);
  });

  it('irmse in 1/km', () => {
    const terms = [1000 / 2 - 1000 / 1, 1000 / 4 - 1000 / 8, 1000 / 10 - 1000 / 12, 1000 / 1 - 1000 / 1.7];
    expect(metrics!.irmse).toBeCloseTo(Math.sqrt(terms.reduce((s, t) => s + t * t, 0) / 4), 9);
  });

  it('d1, d2, d3 from max(gt/pred, pred/gt) = [2, 2, 1.2, 1.7]', () => {
    expect(metrics!.d1).toBe(0.25);
    expect(metrics!.d2).toBe(0.25);
    expect(metrics!.d3).toBe(0.5);
  });

  it('thresholds are strict: a ratio of exactly 1.25 is not within d1', () => {
    const r = computeDepthMetrics(new Float64Array([4, 4]), new Float64Array([5, 4]));
    expect(r.metrics!.d1).toBe(0.5);
    expect(r.metrics!.d2).toBe(1);
  });

  it('silog convention is selectable by name', () => {
    const da2 = computeDepthMetrics(gt, pred, { silog: 'depth-anything-v2' }).metrics!.silog;
    expect(da2).toBeCloseTo(Math.sqrt(meanD2 - 0.5 * meanD * meanD), 14);
  });
});

describe('computeDepthMetrics selection', () => {
  it('GT against itself: every error 0 and d1 = d2 = d3 = 1', () => {
    const g = new Float64Array([0.5, 3, 7.25, 79.9]);
    const { metrics } = computeDepthMetrics(g, g);
    for (const name of metricNames) {
      if (name.startsWith('d')) expect(metrics![name]).toBe(1);
      else expect(metrics![name]).toBe(0);
    }
  });

  it('GT×1.1 gives abs_rel 0.1 and d1 = 1', () => {
    const g = new Float64Array([0.5, 3, 7.25, 72]);
    const { metrics } = computeDepthMetrics(g, g.map((v) => v * 1.1));
    expect(metrics!.abs_rel).toBeCloseTo(0.1, 15);
    expect(metrics!.d1).toBe(1);
    expect(metrics!.silog).toBeLessThan(1e-6);
  });

  it('bounds are strict on gt: min < gt < max', () => {
    const g = new Float64Array([1e-3, 0.5, 10, 9.999]);
    expect(computeDepthMetrics(g, g, { minDepth: 1e-3, maxDepth: 10 }).validPixels).toBe(2);
  });

  it('region is a half-open rectangle and mask excludes zeros', () => {
    // 3×4 image, all valid; region rows 1:3, cols 1:3 → 4 pixels; the mask removes one.
    const g = new Float64Array(12).fill(2);
    const region = { top: 1, bottom: 3, left: 1, right: 3 };
    expect(computeDepthMetrics(g, g, { width: 4, region }).validPixels).toBe(4);
    const mask = new Uint8Array(12).fill(1);
    mask[5] = 0;
    expect(computeDepthMetrics(g, g, { width: 4, region, mask }).validPixels).toBe(3);
  });

  it('no valid pixel: null metrics, never NaN', () => {
    const r = computeDepthMetrics(new Float64Array([0, 0, 90]), new Float64Array([1, 1, 1]), { maxDepth: 80 });
    expect(r).toEqual({ validPixels: 0, metrics: null });
  });

  it('bad input names what was expected and found', () => {
    expect(() => computeDepthMetrics(new Float64Array(4), new Float64Array(3))).toThrow(/gt has 4 values but pred has 3/);
    expect(() => computeDepthMetrics(new Float64Array(10), new Float64Array(10), { width: 4 })).toThrow(/10 values is not a whole number of rows of width 4/);
    expect(() => computeDepthMetrics(new Float64Array(8), new Float64Array(8), { width: 4, mask: new Uint8Array(6) })).toThrow(/mask has 6 values, image has 8/);
  });
});

import { describe, expect, it } from 'vitest';
import { resolveSelection } from '../metrics/pixel-selection.js';
import { medianScaleRatio, scaleInPlace } from './median-scaling.js';

describe('median scaling', () => {
  it('ratio = median(gt) / median(pred) over the valid pixels only', () => {
    // Valid gt (0 < gt < 80): 2, 4, 6 → median 4; their preds 1, 3, 2 → median 2. Ratio 2.
    const gt = new Float32Array([2, 0, 4, 90, 6]);
    const pred = new Float32Array([1, 100, 3, 100, 2]);
    expect(medianScaleRatio(gt, pred, resolveSelection(5, { maxDepth: 80 }))).toBe(2);
  });

  it('is float32, as numpy computes it on float32 arrays', () => {
    const gt = new Float32Array([1, 2]);
    const pred = new Float32Array([3, 3]);
    expect(medianScaleRatio(gt, pred, resolveSelection(2))).toBe(Math.fround(Math.fround(1.5) / 3));
  });

  it('NaN when no pixel is valid', () => {
    expect(medianScaleRatio(new Float32Array([0]), new Float32Array([1]), resolveSelection(1))).toBeNaN();
  });

  it('a fixed scale multiplies by the float32 factor', () => {
    const data = new Float32Array([1, 2]);
    scaleInPlace(data, 5.4);
    expect(Array.from(data)).toEqual([Math.fround(5.4), Math.fround(2 * Math.fround(5.4))]);
  });
});

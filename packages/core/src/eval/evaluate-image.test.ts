import { describe, expect, it } from 'vitest';
import { evaluateImage } from './evaluate-image.js';
import { getProtocol } from './protocol.js';

const none = getProtocol('kitti-none');

function map(width: number, height: number, values: number[]) {
  return { width, height, data: Float32Array.from(values) };
}

describe('evaluateImage', () => {
  it('clamps predictions to the caps and reports non-finite pixels', () => {
    // gt 2 everywhere; preds: NaN → 1e-3, +inf → 80, 100 → 80, 2 → 2.
    const gt = map(4, 1, [2, 2, 2, 2]);
    const pred = map(4, 1, [Number.NaN, Infinity, 100, 2]);
    const r = evaluateImage(gt, pred, { protocol: none });
    expect(r.nonFinite).toEqual({ nan: 1, posInf: 1, negInf: 0 });
    const min = Math.fround(1e-3);
    expect(r.metrics!.mae).toBeCloseTo((2 - min + 78 + 78 + 0) / 4, 6);
    expect(Array.from(pred.data.slice(1))).toEqual([Infinity, 100, 2]); // caller's data untouched
  });

  it('median scaling makes a prediction off by a constant factor exact', () => {
    const gt = map(3, 2, [1, 2, 3, 4, 5, 0]);
    const pred = map(3, 2, [3, 6, 9, 12, 15, 7]);
    const r = evaluateImage(gt, pred, { protocol: none, medianScaling: true });
    expect(r.medianRatio).toBe(Math.fround(1 / 3));
    expect(r.metrics!.abs_rel).toBeLessThan(1e-6);
    expect(r.metrics!.d1).toBe(1);
  });

  it('a fixed scale is applied before the clamp', () => {
    const gt = map(2, 1, [5.4, 10]);
    const pred = map(2, 1, [1, 20]);
    const r = evaluateImage(gt, pred, { protocol: none, scale: 5.4 });
    // 1·5.4 = 5.4 (exact up to float32), 20·5.4 = 108 → 80.
    expect(r.metrics!.mae).toBeCloseTo((0 + 70) / 2, 5);
  });

  it('compares float32 GT with float32 caps, as numpy does: 1 mm is not > 1e-3 on NYU', () => {
    // float32(1/1000) is just above 1e-3 as a double, but equal to the float32 cap numpy uses.
    const gt = map(3, 1, [1 / 1000, 2 / 1000, 10]);
    expect(gt.data[0]).toBeGreaterThan(1e-3);
    expect(evaluateImage(gt, gt, { protocol: getProtocol('nyu-none') }).validPixels).toBe(1);
  });

  it('an image with no valid pixel is skipped: null metrics, never NaN', () => {
    const r = evaluateImage(map(2, 1, [0, 95]), map(2, 1, [1, 1]), { protocol: none });
    expect(r.validPixels).toBe(0);
    expect(r.metrics).toBeNull();
  });

  it('a prediction of another size is an error unless resize is asked for', () => {
    const gt = map(4, 2, [1, 1, 1, 1, 1, 1, 1, 1]);
    const pred = map(2, 1, [1, 1]);
    expect(() => evaluateImage(gt, pred, { protocol: none }, undefined, 'a/0005.png')).toThrow(
      /a\/0005\.png: prediction is 1×2 but ground truth is 2×4; pass resize/,
    );
    const r = evaluateImage(gt, pred, { protocol: none, resize: true });
    expect(r.metrics!.abs_rel).toBe(0);
    expect(r.validPixels).toBe(8);
  });

  it('KB crop: pastes a 352×1216 prediction into a 375×1242 frame, outside becomes min depth', () => {
    const gt = { width: 1242, height: 375, data: new Float32Array(1242 * 375) };
    gt.data[22 * 1242 + 500] = 10; // row 22 is above the window (top = 23)
    gt.data[23 * 1242 + 13] = 10; // first pixel of the window
    const pred = { width: 1216, height: 352, data: new Float32Array(1216 * 352).fill(10) };
    const r = evaluateImage(gt, pred, { protocol: none, kbCrop: true });
    expect(r.validPixels).toBe(2);
    expect(r.metrics!.mae).toBeCloseTo((10 - Math.fround(1e-3)) / 2, 6);
  });

  it('the NYU pixel crop refuses GT of another resolution', () => {
    const gt = { width: 320, height: 240, data: new Float32Array(320 * 240) };
    expect(() => evaluateImage(gt, gt, { protocol: getProtocol('nyu') }, undefined, 'x.png')).toThrow(
      /x\.png: protocol 'nyu' crops rows 45:471, cols 41:601 of 480×640 ground truth; found 240×320/,
    );
  });

  it('a map whose data does not match its size is an error naming the file', () => {
    const bad = { width: 3, height: 3, data: new Float32Array(8) };
    expect(() => evaluateImage(bad, bad, { protocol: none }, undefined, 'b.npy')).toThrow(/b\.npy: ground truth: expected 3×3 = 9 values, found 8/);
  });
});

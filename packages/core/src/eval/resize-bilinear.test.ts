import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { initEngine } from '../engine/engine.js';
import { seededRandom } from '../metrics/__reference__/seeded-random.js';
import { resizeBilinear, resizeNearest } from './resize-bilinear.js';

describe('resizeBilinear (half-pixel centres)', () => {
  it('2×2 → 4×4 matches PyTorch align_corners=False, by hand', () => {
    const out = resizeBilinear(new Float32Array([1, 2, 3, 4]), 2, 2, 4, 4);
    expect(Array.from(out)).toEqual([
      1, 1.25, 1.75, 2,
      1.5, 1.75, 2.25, 2.5,
      2.5, 2.75, 3.25, 3.5,
      3, 3.25, 3.75, 4,
    ]);
  });

  it('halving averages 2×2 blocks', () => {
    const out = resizeBilinear(new Float32Array([1, 3, 5, 7, 1, 3, 5, 7]), 2, 4, 1, 2);
    expect(Array.from(out)).toEqual([2, 6]);
  });

  it('same size is the identity', () => {
    const src = new Float32Array([1, 2, 3, 4, 5, 6]);
    expect(Array.from(resizeBilinear(src, 2, 3, 2, 3))).toEqual(Array.from(src));
  });

  it('align_corners: 2×2 → 3×3 puts the corners on the input pixels, by hand', () => {
    const out = resizeBilinear(new Float32Array([1, 2, 3, 4]), 2, 2, 3, 3, undefined, true);
    expect(Array.from(out)).toEqual([1, 1.5, 2, 2, 2.5, 3, 3, 3.5, 4]);
  });

  it('nearest: 2×3 → 4×4 takes floor(x·in/out), by hand', () => {
    const out = resizeNearest(new Float32Array([1, 2, 3, 4, 5, 6]), 2, 3, 4, 4);
    expect(Array.from(out)).toEqual([1, 1, 2, 3, 1, 1, 2, 3, 4, 4, 5, 6, 4, 4, 5, 6]);
  });

  it('rejects a wrong input size by name', () => {
    expect(() => resizeBilinear(new Float32Array(5), 2, 3, 4, 4)).toThrow(/expected 2×3 values, found 5/);
  });
});

describe('resizeBilinear agrees with tf.image.resizeBilinear(halfPixelCenters=true)', () => {
  beforeAll(async () => {
    await initEngine({ engine: 'cpu', log: false });
  });
  for (const [h, w, oh, ow] of [[7, 11, 15, 9], [24, 80, 375, 1242], [352, 1216, 375, 1242]]) {
    it(`${h}×${w} → ${oh}×${ow}`, () => {
      const rand = seededRandom(h * w);
      const src = Float32Array.from({ length: h * w }, () => 1 + 79 * rand());
      const ours = resizeBilinear(src, h, w, oh, ow);
      const theirs = tf.tidy(() => tf.image.resizeBilinear(tf.tensor4d(src, [1, h, w, 1]), [oh, ow], false, true).dataSync());
      let maxErr = 0;
      for (let i = 0; i < ours.length; i++) maxErr = Math.max(maxErr, Math.abs(ours[i] - theirs[i]));
      expect(maxErr).toBeLessThan(1e-4);
    });
  }
  it('align_corners and nearest agree with tf (alignCorners=true; nearest without half-pixel centres)', () => {
    const [h, w, oh, ow] = [9, 13, 20, 31];
    const rand = seededRandom(7);
    const src = Float32Array.from({ length: h * w }, () => 1 + 79 * rand());
    const bilinear = tf.tidy(() => tf.image.resizeBilinear(tf.tensor4d(src, [1, h, w, 1]), [oh, ow], true).dataSync());
    const ours = resizeBilinear(src, h, w, oh, ow, undefined, true);
    for (let i = 0; i < ours.length; i++) expect(Math.abs(ours[i] - bilinear[i])).toBeLessThan(1e-4);
    const nearest = tf.tidy(() => tf.image.resizeNearestNeighbor(tf.tensor4d(src, [1, h, w, 1]), [oh, ow], false, false).dataSync());
    expect(Array.from(resizeNearest(src, h, w, oh, ow))).toEqual(Array.from(nearest));
  });
});

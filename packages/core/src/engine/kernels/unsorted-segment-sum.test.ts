import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { initEngine, type EngineName } from '../engine.js';
import { expectNoTensorLeak, relativeError } from '../../testing/index.js';

/** Independent reference: one-hot(ids)ᵀ · x (out-of-range ids give an all-zero one-hot row). */
function oneHotSegmentSum(x: tf.Tensor, ids: tf.Tensor1D, numSegments: number): tf.Tensor {
  const rows = ids.shape[0];
  const tail = x.shape.slice(1);
  const flat = tf.reshape(tf.cast(x, 'float32'), [rows, tail.reduce((p, d) => p * d, 1)]);
  const sums = tf.matMul(tf.cast(tf.oneHot(ids, numSegments), 'float32'), flat, true, false);
  return tf.reshape(sums, [numSegments, ...tail]);
}

// The cpu backend's stock kernel is O(segments × size); onednn inherits it. Both get depthkit's
// one-pass kernel (wasm is covered by the engine's training tests through region pooling).
for (const engine of ['cpu', 'onednn'] as EngineName[]) {
  describe(`${engine} UnsortedSegmentSum (depthkit's one-pass kernel)`, async () => {
    // onednn is skipped where its addon is not built (the engine tests cover that case).
    const report = await initEngine({ engine, log: false }).catch(() => undefined);
    const available = report != null;
    it.skipIf(!available)('is the kernel the engine reports', () => expect(report?.kernels).toContain('UnsortedSegmentSum'));

    it.skipIf(!available)('matches one-hot·x for float rows, int32 values and dropped ids', async () => {
      await initEngine({ engine, log: false });
      await expectNoTensorLeak(() => {
        tf.tidy(() => {
          const ids = tf.tensor1d([3, 0, -1, 2, 3, 7, 0, 3, 1, 5], 'int32');
          const numSegments = 6;
          const x = tf.randomNormal([10, 4, 3], 0, 1, 'float32', 5);
          const got = tf.unsortedSegmentSum(x, ids, numSegments);
          expect(got.shape).toEqual([6, 4, 3]);
          expect(relativeError(got.dataSync(), oneHotSegmentSum(x, ids, numSegments).dataSync())).toBeLessThan(1e-6);
          // Segment 4 has no member, id 7 is out of range and id −1 is dropped.
          expect(Array.from(tf.slice(got, [4, 0, 0], [1, 4, 3]).dataSync())).toEqual(new Array(12).fill(0));
          const xi = tf.tensor1d([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 'int32');
          const gi = tf.unsortedSegmentSum(xi, ids, numSegments);
          expect(gi.dtype).toBe('int32');
          expect(Array.from(gi.dataSync())).toEqual([2 + 7, 9, 4, 1 + 5 + 8, 0, 10]);
        });
      });
    });

    it.skipIf(!available)('is differentiable through Gather as region pooling uses it', async () => {
      await initEngine({ engine, log: false });
      await expectNoTensorLeak(() => {
        tf.tidy(() => {
          const ids = tf.tensor1d([1, 0, 1, 1], 'int32');
          const g = tf.grad((x: tf.Tensor) => tf.sum(tf.mul(tf.gather(x, ids), tf.tensor2d([[1, 2], [3, 4], [5, 6], [7, 8]]))))(tf.zeros([2, 2]));
          expect(Array.from(g.dataSync())).toEqual([3, 4, 1 + 5 + 7, 2 + 6 + 8]);
        });
      });
    });
  });
}

import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { initEngine } from '../engine.js';
import { expectNoTensorLeak, testedEngines } from '../../testing/index.js';

// tfjs's legacy convention (alignCorners = halfPixelCenters = false) has no PyTorch twin, so
// its gradient is checked as the adjoint of the forward: <dy, R x> = <Rᵀ dy, x> for every
// x, dy, exactly (up to float32 rounding), which no wrong gradient satisfies for random data.
for (const engine of await testedEngines()) {
  describe(`ResizeBilinearGrad is the forward's adjoint on ${engine}`, () => {
    beforeAll(async () => {
      await initEngine({ engine, log: false });
    });
    for (const [h, w, oh, ow] of [[5, 7, 11, 9], [9, 6, 4, 13]]) {
      for (const halfPixelCenters of [false, true]) {
        it(`${h}×${w} → ${oh}×${ow}, halfPixelCenters=${halfPixelCenters}`, async () => {
          await tf.setBackend(engine);
          await expectNoTensorLeak(() => {
            const [lhs, rhs] = tf.tidy(() => {
              const x = tf.randomNormal([2, h, w, 3], 0, 1, 'float32', 7);
              const dy = tf.randomNormal([2, oh, ow, 3], 0, 1, 'float32', 8);
              const resize = (t: tf.Tensor) => tf.image.resizeBilinear(t as tf.Tensor4D, [oh, ow], false, halfPixelCenters);
              const dx = tf.grad((t: tf.Tensor) => tf.sum(tf.mul(resize(t), dy)))(x);
              expect(dx.shape).toEqual([2, h, w, 3]);
              return [tf.sum(tf.mul(dy, resize(x))).dataSync()[0], tf.sum(tf.mul(dx, x)).dataSync()[0]];
            });
            expect(Math.abs(lhs - rhs) / Math.abs(lhs)).toBeLessThan(1e-5);
          });
        });
      }
    }
  });
}

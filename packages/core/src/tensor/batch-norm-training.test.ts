import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { initEngine } from '../engine/engine.js';
import { expectNoTensorLeak, relativeError, testedEngines } from '../testing/index.js';
import { batchNormTraining } from './batch-norm-training.js';

/** The same function through tfjs's own ops, differentiated op by op: an independent reference. */
function reference(x: tf.Tensor, g: tf.Tensor, b: tf.Tensor, eps: number): tf.Tensor {
  const { mean, variance } = tf.moments(x, [0, 1, 2]);
  return tf.add(tf.mul(tf.div(tf.sub(x, mean), tf.sqrt(tf.add(variance, eps))), g), b);
}

for (const engine of await testedEngines()) {
  describe(`batchNormTraining on ${engine}`, () => {
    beforeAll(async () => {
      await initEngine({ engine, log: false });
    });

    it('matches the op-by-op value and gradients, with batch statistics', async () => {
      await tf.setBackend(engine);
      await expectNoTensorLeak(() => {
        tf.tidy(() => {
          const x = tf.randomNormal([2, 5, 7, 4], 1, 2, 'float32', 1);
          const g = tf.randomUniform([4], 0.5, 1.5, 'float32', 2) as tf.Tensor1D;
          const b = tf.randomNormal([4], 0, 1, 'float32', 3) as tf.Tensor1D;
          const dy = tf.randomNormal([2, 5, 7, 4], 0, 1, 'float32', 4);
          const mine = (xx: tf.Tensor, gg: tf.Tensor, bb: tf.Tensor) => {
            const r = batchNormTraining(xx, gg as tf.Tensor1D, bb as tf.Tensor1D, 1e-3);
            tf.dispose([r.mean, r.variance]);
            return tf.sum(tf.mul(r.y, dy));
          };
          const ref = (xx: tf.Tensor, gg: tf.Tensor, bb: tf.Tensor) => tf.sum(tf.mul(reference(xx, gg, bb, 1e-3), dy));
          const a = tf.grads(mine)([x, g, b]);
          const e = tf.grads(ref)([x, g, b]);
          for (let i = 0; i < 3; i++) expect(relativeError(a[i].dataSync(), e[i].dataSync())).toBeLessThan(1e-4);
          const r = batchNormTraining(x, g, b, 1e-3);
          expect(relativeError(r.y.dataSync(), reference(x, g, b, 1e-3).dataSync())).toBeLessThan(1e-5);
          const m = tf.moments(x, [0, 1, 2]);
          expect(relativeError(r.variance.dataSync(), m.variance.dataSync())).toBeLessThan(1e-5);
          tf.dispose([r.mean, r.variance]);
        });
      });
    });
  });
}

import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { addonStatus, expectLikeCpu, randomTensor, relativeError, runOn, setUpOnednn, skipReason } from '../../test/helpers.js';
import { batchNormTrainingGradKernelName, batchNormTrainingKernelName } from './batch-norm.js';

/** Batch statistics and the closed-form gradient, in double precision from the raw values. */
function reference(x: Float32Array, gamma: Float32Array, beta: Float32Array, dy: Float32Array, c: number, eps: number) {
  const rows = x.length / c;
  const mean = new Float64Array(c);
  const variance = new Float64Array(c);
  for (let i = 0; i < x.length; i++) mean[i % c] += x[i] / rows;
  for (let i = 0; i < x.length; i++) variance[i % c] += (x[i] - mean[i % c]) ** 2 / rows;
  const inv = Array.from(variance, (v) => 1 / Math.sqrt(v + eps));
  const xhat = Float64Array.from(x, (v, i) => (v - mean[i % c]) * inv[i % c]);
  const y = Float64Array.from(xhat, (v, i) => v * gamma[i % c] + beta[i % c]);
  const sumDy = new Float64Array(c);
  const sumDyXhat = new Float64Array(c);
  for (let i = 0; i < x.length; i++) {
    sumDy[i % c] += dy[i];
    sumDyXhat[i % c] += dy[i] * xhat[i];
  }
  const dx = Float64Array.from(dy, (g, i) => (gamma[i % c] * inv[i % c] / rows) * (rows * g - sumDy[i % c] - xhat[i] * sumDyXhat[i % c]));
  return { y, mean, variance, dx, dgamma: sumDyXhat, dbeta: sumDy };
}

describe.skipIf(!addonStatus.ok)(`onednn training batch norm${skipReason}`, () => {
  beforeAll(setUpOnednn);

  for (const [shape, offset] of [[[2, 9, 13, 6], 0], [[3, 4, 5, 32], 0], [[40, 7], 0], [[2, 5, 7, 4], 1000]] as const) {
    it(`forward statistics and closed-form backward for x[${shape}]${offset ? ` around ${offset}` : ''}`, async () => {
      const c = shape[shape.length - 1];
      const eps = 1e-5;
      const { values } = await runOn('onednn', () => {
        const x = tf.add(randomTensor([...shape], 1), offset);
        const gamma = randomTensor([c], 2);
        const beta = randomTensor([c], 3);
        const dy = randomTensor([...shape], 4);
        const [y, mean, variance] = tf.engine().runKernel(batchNormTrainingKernelName, { x, scale: gamma, offset: beta }, { epsilon: eps }) as tf.Tensor[];
        const [dx, dgamma, dbeta] = tf.engine().runKernel(batchNormTrainingGradKernelName, { dy, x, mean, variance, scale: gamma }, { epsilon: eps }) as tf.Tensor[];
        return [x, gamma, beta, dy, y, mean, variance, dx, dgamma, dbeta];
      });
      const [x, gamma, beta, dy, ...native] = values;
      const ref = reference(x, gamma, beta, dy, c, eps);
      const names = ['y', 'mean', 'variance', 'dx', 'dgamma', 'dbeta'] as const;
      names.forEach((name, i) => expect(relativeError(native[i], ref[name]), name).toBeLessThan(1e-4));
    });
  }

  for (const [withScale, withOffset] of [[true, true], [false, true], [true, false]]) {
    it(`inference FusedBatchNorm (scale ${withScale}, offset ${withOffset}) equals cpu`, async () => {
      await expectLikeCpu(() => {
        const c = 12;
        return tf.batchNorm(randomTensor([2, 9, 13, c], 1), randomTensor([c], 2), tf.add(tf.abs(randomTensor([c], 3)), 0.1),
          withOffset ? randomTensor([c], 4) : undefined, withScale ? randomTensor([c], 5) : undefined, 1e-3);
      }, 'batchNorm');
    });
  }

  it('inference FusedBatchNorm with full-shape statistics falls back to tfjs', async () => {
    await expectLikeCpu(() => tf.batchNorm(randomTensor([2, 3, 4], 1), randomTensor([2, 3, 4], 2), tf.add(tf.abs(randomTensor([2, 3, 4], 3)), 0.1)), 'full-shape mean');
  });
});

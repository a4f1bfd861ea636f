import * as tf from '@tensorflow/tfjs-core';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { initEngine } from '../engine/engine.js';
import { expectNoTensorLeak, relativeError, runNumpyReference } from '../testing/index.js';
import { coordinateMap } from './coordinate-map.js';
import { regionMeanPool } from './region-mean-pool.js';
import { softArgmax } from './soft-argmax.js';

const reference = fileURLToPath(new URL('../layers/__reference__/blocks.py', import.meta.url));

describe('spatial tensor ops', () => {
  beforeAll(async () => {
    await initEngine({ engine: 'wasm', log: false });
  });

  it('regionMeanPool matches numpy, keeps unlabelled pixels, and is differentiable', async () => {
    const shape = [2, 5, 6, 3];
    const features = tf.randomNormal(shape, 0, 1, 'float32', 21);
    const labelData = Int32Array.from({ length: 60 }, (_, i) => ((i * 7) % 5) - 1); // ids −1…3
    const expected = runNumpyReference<{ pooled: number[]; means: number[] }>(reference, 'region_mean_pool', {
      features: { data: features.dataSync() as Float32Array, shape }, labels: { data: labelData, shape: [2, 5, 6] },
    }, { regions: 5 });
    const weights = tf.randomNormal(shape, 0, 1, 'float32', 22);
    const expectedOfWeights = runNumpyReference<{ pooled: number[] }>(reference, 'region_mean_pool', {
      features: { data: weights.dataSync() as Float32Array, shape }, labels: { data: labelData, shape: [2, 5, 6] },
    }, { regions: 5 });
    await expectNoTensorLeak(() => {
      tf.tidy(() => {
        const labels = tf.tensor(labelData, [2, 5, 6], 'int32');
        const { pooled, means, counts } = regionMeanPool(features as tf.Tensor4D, labels, 5);
        expect(relativeError(pooled.dataSync(), (expected.pooled as unknown as number[][]).flat(3 as never) as unknown as number[])).toBeLessThan(1e-6);
        expect(relativeError(means.dataSync(), (expected.means as unknown as number[][]).flat(2 as never) as unknown as number[])).toBeLessThan(1e-6);
        expect(counts.shape).toEqual([2, 5]);
        expect(counts.dataSync()[4]).toBe(0); // region 4 is absent
        const grad = tf.grad((f: tf.Tensor) => tf.sum(regionMeanPool(f as tf.Tensor4D, labels, 5).pooled))(features);
        // Σ of a region's pooled values = n·mean = Σ of its inputs, so every gradient entry is 1.
        expect(Array.from(grad.dataSync()).every((g) => Math.abs(g - 1) < 1e-5)).toBe(true);
        // d Σ(P(f)·r)/df = Pᵀr = P(r): the numpy pooling of r.
        const weightedGrad = tf.grad((f: tf.Tensor) => tf.sum(tf.mul(regionMeanPool(f as tf.Tensor4D, labels, 5).pooled, weights)))(features);
        expect(relativeError(weightedGrad.dataSync(), (expectedOfWeights.pooled as unknown as number[][]).flat(3 as never) as unknown as number[])).toBeLessThan(1e-6);
        // The means are differentiable too: d Σ means / df = 1/n over a region's pixels, 0 elsewhere.
        const meansGrad = tf.grad((f: tf.Tensor) => tf.sum(regionMeanPool(f as tf.Tensor4D, labels, 5).means))(features).dataSync();
        const perImage = 30;
        for (let p = 0; p < 60; p++) {
          const id = labelData[p];
          const n = labelData.filter((v, q) => v === id && Math.floor(q / perImage) === Math.floor(p / perImage)).length;
          for (let k = 0; k < 3; k++) expect(meansGrad[p * 3 + k]).toBeCloseTo(id < 0 ? 0 : 1 / n, 6);
        }
      });
    });
    tf.dispose([features, weights]);
  });

  it('softArgmax tends to the arg-max value as temperature falls', async () => {
    await expectNoTensorLeak(() => {
      const [soft, sharp] = tf.tidy(() => {
        const logits = tf.tensor2d([[0, 2, 1]]);
        return [softArgmax(logits, [1, 5, 10]).dataSync()[0], softArgmax(logits, [1, 5, 10], 0.01).dataSync()[0]];
      });
      const e = [1, Math.exp(2), Math.exp(1)];
      const z = e[0] + e[1] + e[2];
      expect(soft).toBeCloseTo((1 * e[0] + 5 * e[1] + 10 * e[2]) / z, 5);
      expect(sharp).toBeCloseTo(5, 4);
    });
  });

  it('coordinateMap gives pixel centres in [−1, 1] and [0, 1]', async () => {
    await expectNoTensorLeak(() => {
      const [signed, unit] = tf.tidy(() => [Array.from(coordinateMap(1, 2, 4).dataSync()), Array.from(coordinateMap(1, 1, 2, 'unit').dataSync())]);
      expect(signed.slice(0, 8)).toEqual([-0.75, -0.5, -0.25, -0.5, 0.25, -0.5, 0.75, -0.5]);
      expect(signed.slice(8, 10)).toEqual([-0.75, 0.5]);
      expect(unit).toEqual([0.25, 0.5, 0.75, 0.5]);
    });
  });
});

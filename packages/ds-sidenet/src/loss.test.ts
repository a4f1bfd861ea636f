import * as tf from '@tensorflow/tfjs-core';
import { initEngine, type TrainBatch } from '@depthkit/core';
import { expectNoTensorLeak, runNumpyReference } from '@depthkit/core/testing';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { defaultConfig, type DsSidenetConfig } from './config.js';
import { dsSidenetLoss } from './loss.js';
import { binToDepth, quantiseDepth } from './quantise.js';

const reference = fileURLToPath(new URL('./__reference__/ds_sidenet_reference.py', import.meta.url));
const q = { alpha: 0.5, beta: 10, bins: 16 };

describe('DS-SIDENet quantisation (eq. 1) and loss (eqs. 2, 3)', () => {
  beforeAll(async () => {
    await initEngine({ engine: 'wasm', log: false });
  });

  it('eq. 1 matches numpy, gives K + 1 classes (α → 0, β → K) and inverts at bin centres', async () => {
    const depth = tf.tensor1d([0.5, 10, 0.2, 50, 1, 2.2360679, 3.3]);
    const expected = runNumpyReference<number[]>(reference, 'quantise', { depth: { data: depth.dataSync() as Float32Array, shape: [7] } }, q);
    await expectNoTensorLeak(() => {
      const bins = tf.tidy(() => Array.from(quantiseDepth(depth, q).dataSync()));
      expect(bins).toEqual(expected);
      expect(bins.slice(0, 4)).toEqual([0, 16, 0, 16]);
      // √(0.5·10) sits exactly at the middle of [α, β] in log10: bin K/2.
      expect(bins[5]).toBe(8);
      const back = tf.tidy(() => Array.from(binToDepth(tf.tensor1d([0, 8, 16]), q).dataSync()));
      expect(back.map((v) => Number(v.toFixed(4)))).toEqual([0.5, 2.2361, 10]);
    });
    depth.dispose();
  });

  for (const task of ['soft-cl+reg', 'hard-cl+reg'] as const) {
    it(`${task}: L = w1·cls + w2·reg equals numpy on random data with invalid pixels`, async () => {
      const config: DsSidenetConfig = { ...defaultConfig, ...q, task, w1: 0.7, w2: 1.3 };
      const seed = Date.now() % 10_000;
      const logits = tf.randomNormal([2, 5, 7, q.bins + 1], 0, 2, 'float32', seed);
      const reg = tf.randomUniform([2, 5, 7, 1], 0, 12, 'float32', seed + 1);
      const gt = tf.tidy(() => tf.mul(tf.randomUniform([2, 5, 7, 1], 0.3, 14, 'float32', seed + 2), tf.cast(tf.greater(tf.randomUniform([2, 5, 7, 1], 0, 1, 'float32', seed + 3), 0.3), 'float32')));
      const arr = (t: tf.Tensor) => ({ data: t.dataSync() as Float32Array, shape: t.shape });
      const [total, cls, r] = runNumpyReference<number[]>(reference, 'loss', { logits: arr(logits), reg: arr(reg), gt: arr(gt) },
        { ...q, w1: 0.7, w2: 1.3, soft: task.startsWith('soft') });
      await expectNoTensorLeak(() => {
        tf.tidy(() => {
          const result = dsSidenetLoss({ images: tf.zeros([2, 5, 7, 3]), depth: gt } as unknown as TrainBatch, [logits, reg], config);
          expect(Math.abs(result.total.dataSync()[0] - total) / total).toBeLessThan(1e-5);
          expect(Math.abs(result.terms!.cls.dataSync()[0] - cls) / cls).toBeLessThan(1e-5);
          expect(Math.abs(result.terms!.reg.dataSync()[0] - r) / r).toBeLessThan(1e-5);
        });
      });
      tf.dispose([logits, reg, gt]);
    });
  }

  it('soft-cl is 0 when all probability sits on the GT bin, and the gradient reaches the logits', async () => {
    const config: DsSidenetConfig = { ...defaultConfig, ...q, task: 'soft-cl', testBranch: 'cls' };
    await expectNoTensorLeak(() => {
      tf.tidy(() => {
        const gt = tf.tensor4d([2.2360679], [1, 1, 1, 1]);
        const exact = tf.reshape(tf.mul(tf.oneHot(tf.tensor1d([8], 'int32'), q.bins + 1), 100), [1, 1, 1, q.bins + 1]);
        expect(dsSidenetLoss({ depth: gt } as unknown as TrainBatch, exact, config).total.dataSync()[0]).toBeLessThan(1e-6);
        const g = tf.grad((z: tf.Tensor) => dsSidenetLoss({ depth: gt } as unknown as TrainBatch, z, config).total)(tf.zeros([1, 1, 1, q.bins + 1]));
        // Uniform p: d = K/2 = 8 = the GT bin, so the loss is at its minimum along this line … 
        expect(Math.max(...Array.from(g.dataSync()).map(Math.abs))).toBeLessThan(1e-6);
        const g2 = tf.grad((z: tf.Tensor) => dsSidenetLoss({ depth: tf.tensor4d([9], [1, 1, 1, 1]) } as unknown as TrainBatch, z, config).total)(tf.zeros([1, 1, 1, q.bins + 1]));
        // … while a deeper GT pulls probability towards the high bins.
        const v = g2.dataSync();
        expect(v[q.bins]).toBeLessThan(0);
        expect(v[0]).toBeGreaterThan(0);
      });
    });
  });
});

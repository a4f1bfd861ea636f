import * as tf from '@tensorflow/tfjs-core';
import { initEngine, type TrainBatch } from '@depthkit/core';
import { expectNoTensorLeak, relativeError, runNumpyReference } from '@depthkit/core/testing';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { defaultConfig, type DeeplabSidConfig } from './config.js';
import { deeplabSidLoss } from './loss.js';
import { logitsToDepth } from './predict.js';

const reference = fileURLToPath(new URL('./__reference__/deeplab_sid_reference.py', import.meta.url));
const data = (t: tf.Tensor) => ({ data: t.dataSync() as Float32Array, shape: t.shape });

describe('DeepLab-SID loss and read-out', () => {
  beforeAll(async () => {
    await initEngine({ engine: 'wasm', log: false });
  });

  for (const spacing of ['sid', 'ud'] as const) {
    it(`${spacing}: cross-entropy with ignore equals numpy's (random data made now, some GT missing, masked or beyond β)`, async () => {
      const config: DeeplabSidConfig = { ...defaultConfig, spacing, bins: 71, alpha: 1, beta: 80 };
      const seed = Date.now() % 10_000;
      const logits = tf.randomNormal([2, 7, 9, 71], 0, 3, 'float32', seed);
      // GT in [0, 100): zeros, sub-α and beyond-β values all occur and must be ignored.
      const depth = tf.tidy(() => tf.mul(tf.randomUniform([2, 7, 9, 1], 0, 100, 'float32', seed + 1), tf.cast(tf.greater(tf.randomUniform([2, 7, 9, 1], 0, 1, 'float32', seed + 2), 0.2), 'float32'))) as tf.Tensor4D;
      const mask = tf.tidy(() => tf.cast(tf.greater(tf.randomUniform([2, 7, 9, 1], 0, 1, 'float32', seed + 3), 0.1), 'float32')) as tf.Tensor4D;
      const expected = runNumpyReference<number>(reference, 'sid_ce_loss', { logits: data(logits), depth: data(depth), mask: data(mask) }, { alpha: 1, beta: 80, bins: 71, spacing });
      await expectNoTensorLeak(() => {
        const value = tf.tidy(() => deeplabSidLoss({ images: tf.zeros([2, 7, 9, 3]), depth, mask } as unknown as TrainBatch, logits, config).total.dataSync()[0]);
        expect(Math.abs(value - expected) / expected).toBeLessThan(1e-5);
      });
      tf.dispose([logits, depth, mask]);
    });
  }

  it('a confident correct classification costs ≈ 0, ignored pixels cost nothing', async () => {
    const config: DeeplabSidConfig = { ...defaultConfig, bins: 4, alpha: 1, beta: 16 };
    // Bins [1,2) [2,4) [4,8) [8,16): GT 3 m → class 1; GT 0 and 20 m are ignored whatever the logits.
    const logits = tf.tensor4d([0, 50, 0, 0, 50, 0, 0, 0, 0, 0, 0, 50], [1, 1, 3, 4]);
    const depth = tf.tensor4d([3, 0, 20], [1, 1, 3, 1]);
    await expectNoTensorLeak(() => {
      const value = tf.tidy(() => deeplabSidLoss({ depth } as unknown as TrainBatch, logits, config).total.dataSync()[0]);
      expect(value).toBeLessThan(1e-6);
    });
    tf.dispose([logits, depth]);
  });

  for (const readout of ['centre', 'expectation'] as const) {
    it(`read-out '${readout}' equals numpy's`, async () => {
      const config: DeeplabSidConfig = { ...defaultConfig, readout };
      const logits = tf.randomNormal([2, 5, 6, 71], 0, 2, 'float32', 9) as tf.Tensor4D;
      const expected = runNumpyReference<number[]>(reference, 'readout', { logits: data(logits) }, { alpha: 1, beta: 80, bins: 71, spacing: 'sid', mode: readout });
      await expectNoTensorLeak(() => {
        tf.tidy(() => {
          const depth = logitsToDepth(logits, config);
          expect(depth.shape).toEqual([2, 5, 6, 1]);
          expect(relativeError(depth.dataSync(), expected)).toBeLessThan(1e-5);
        });
      });
      logits.dispose();
    });
  }
});

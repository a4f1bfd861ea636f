import * as tf from '@tensorflow/tfjs-core';
import { initEngine, type TrainBatch } from '@depthkit/core';
import { expectNoTensorLeak, runNumpyReference } from '@depthkit/core/testing';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { defaultConfig } from './config.js';
import { hmaDepthLoss } from './loss.js';

const reference = fileURLToPath(new URL('./__reference__/hma_reference.py', import.meta.url));

describe('HMA-Depth loss (eq. 6)', () => {
  beforeAll(async () => {
    await initEngine({ engine: 'wasm', log: false });
  });

  it('equals (1/n)Σg² − (λ/n²)(Σg)² on valid pixels (numpy, random data made now)', async () => {
    const shape = [2, 9, 11, 1];
    const seed = Date.now() % 10_000;
    const final = tf.randomUniform(shape, 0.01, 1, 'float32', seed);
    const gt = tf.tidy(() => tf.mul(tf.randomUniform(shape, 1, 79, 'float32', seed + 1), tf.cast(tf.greater(tf.randomUniform(shape, 0, 1, 'float32', seed + 2), 0.3), 'float32')));
    const expected = runNumpyReference<number>(reference, 'eq6_loss', {
      pred: { data: tf.tidy(() => tf.mul(final, 80)).dataSync() as Float32Array, shape },
      gt: { data: gt.dataSync() as Float32Array, shape },
    }, { lam: 0.85 });
    await expectNoTensorLeak(() => {
      const value = tf.tidy(() => hmaDepthLoss({ images: tf.zeros([2, 9, 11, 3]), depth: gt } as unknown as TrainBatch, [final], defaultConfig).total.dataSync()[0]);
      expect(Math.abs(value - expected) / Math.abs(expected)).toBeLessThan(1e-5);
    });
    tf.dispose([final, gt]);
  });
});

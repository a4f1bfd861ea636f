import * as tf from '@tensorflow/tfjs-core';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { initEngine } from '../engine/engine.js';
import { mulberry32 } from '../datasets/pipeline/prng.js';
import { expectNoTensorLeak, runNumpyReference } from '../testing/index.js';
import { berHuLoss } from './berhu.js';
import { maskedL1Loss, smoothL1Loss } from './masked-l1.js';
import { scaleInvariantLogLoss } from './scale-invariant-log.js';
import { weightedBceLoss } from './weighted-bce.js';

const reference = fileURLToPath(new URL('./__reference__/losses.py', import.meta.url));
const shape = [2, 6, 9, 1];
const size = shape.reduce((a, b) => a * b, 1);

/** Seeded data with ~20% invalid (0) GT pixels, generated fresh for every run of the test. */
function randomCase(seed: number) {
  const next = mulberry32(seed);
  const pred = Float32Array.from({ length: size }, () => 0.5 + 9.5 * next());
  const gt = Float32Array.from({ length: size }, () => (next() < 0.2 ? 0 : 0.5 + 9.5 * next()));
  const logits = Float32Array.from({ length: size }, () => 6 * next() - 3);
  const labels = Float32Array.from({ length: size }, () => (next() < 0.3 ? 1 : 0));
  return { pred, gt, logits, labels };
}

interface Check { value: number; grads: number[] }

function tfjsCheck(loss: (p: tf.Tensor) => tf.Scalar, pred: Float32Array, indices: number[]): Check {
  return tf.tidy(() => {
    const p = tf.tensor(pred, shape);
    const grad = tf.grad((x: tf.Tensor) => loss(x))(p).dataSync();
    return { value: loss(p).dataSync()[0], grads: indices.map((i) => grad[i]) };
  });
}

function expectAgrees(actual: Check, expected: Check, label: string): void {
  expect(Math.abs(actual.value - expected.value) / Math.max(Math.abs(expected.value), 1e-8), `${label} value`).toBeLessThan(1e-5);
  const scale = Math.max(...expected.grads.map(Math.abs), 1e-8);
  actual.grads.forEach((g, k) => expect(Math.abs(g - expected.grads[k]) / scale, `${label} grad[${k}]`).toBeLessThan(1e-3));
}

describe('regression losses vs numpy (float64, central differences)', () => {
  beforeAll(async () => {
    await initEngine({ engine: 'wasm', log: false });
  });
  const { pred, gt, logits, labels } = randomCase(Date.now() % 100_000);
  const indices = [0, 7, 19, 33, 50, 64, 81, size - 1];
  const arrays = { pred: { data: pred, shape }, gt: { data: gt, shape } };
  const cases: Array<[string, (p: tf.Tensor, t: tf.Tensor) => tf.Scalar, Record<string, unknown>]> = [
    ['silog_eigen', (p, t) => scaleInvariantLogLoss(p, t, { lambda: 0.85 }), { lam: 0.85 }],
    ['silog_eigen', (p, t) => scaleInvariantLogLoss(p, t, { lambda: 0.5, reduction: 'per-image' }), { lam: 0.5, reduction: 'per-image' }],
    ['silog_bts', (p, t) => scaleInvariantLogLoss(p, t, { lambda: 0.85, form: 'bts' }), { lam: 0.85 }],
    ['berhu', (p, t) => berHuLoss(p, t), { frozen: 'berhu_c' }],
    ['l1', (p, t) => maskedL1Loss(p, t), {}],
    ['smooth_l1', (p, t) => smoothL1Loss(p, t, { beta: 2 }), { beta: 2 }],
  ];
  for (const [name, loss, params] of cases) {
    it(`${name} ${JSON.stringify(params)}`, async () => {
      const expected = runNumpyReference<Check>(reference, 'check', arrays, { loss: name, indices, ...params });
      await expectNoTensorLeak(() => {
        const actual = tfjsCheck((p) => tf.tidy(() => loss(p, tf.tensor(gt, shape))), pred, indices);
        expectAgrees(actual, expected, name);
      });
    });
  }

  for (const fromLogits of [true, false]) {
    it(`weighted BCE (fromLogits=${fromLogits}, posWeight 3)`, async () => {
      const input = fromLogits ? logits : logits.map((z) => 1 / (1 + Math.exp(-z)));
      const expected = runNumpyReference<Check>(reference, 'check', {
        pred: { data: input, shape }, gt: { data: labels, shape },
      }, { loss: 'weighted_bce', indices, pos_weight: 3, from_logits: fromLogits });
      await expectNoTensorLeak(() => {
        const actual = tfjsCheck((p) => tf.tidy(() => weightedBceLoss(p, tf.tensor(labels, shape), { posWeight: 3, fromLogits })), input, indices);
        expectAgrees(actual, expected, 'bce');
      });
    });
  }

  it('an all-invalid batch gives 0, not NaN, for every masked loss', async () => {
    await expectNoTensorLeak(() => {
      const values = tf.tidy(() => {
        const p = tf.fill(shape, 2);
        const t = tf.zeros(shape);
        return [scaleInvariantLogLoss(p, t), scaleInvariantLogLoss(p, t, { form: 'bts' }), berHuLoss(p, t), maskedL1Loss(p, t), smoothL1Loss(p, t)]
          .map((l) => l.dataSync()[0]);
      });
      expect(values).toEqual([0, values[1], 0, 0, 0]);
      expect(values[1]).toBeLessThan(1e-4);
    });
  });
});

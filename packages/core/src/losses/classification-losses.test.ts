import * as tf from '@tensorflow/tfjs-core';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { initEngine } from '../engine/engine.js';
import { mulberry32 } from '../datasets/pipeline/prng.js';
import { expectNoTensorLeak, runNumpyReference } from '../testing/index.js';
import { crossEntropyWithIgnore, depthClassificationLoss, ordinalLoss, softClassificationLoss } from './depth-classification.js';
import { discriminativeLoss } from './discriminative.js';
import { discriminatorLoss, generatorAdversarialLoss } from './gan.js';

const reference = fileURLToPath(new URL('./__reference__/losses.py', import.meta.url));

const rng = mulberry32;

interface Check { value: number; grads: number[] }

function compare(loss: (p: tf.Tensor) => tf.Scalar, pred: Float32Array, shape: number[], indices: number[], expected: Check): void {
  const actual = tf.tidy(() => {
    const p = tf.tensor(pred, shape);
    const grad = tf.grad((x: tf.Tensor) => loss(x))(p).dataSync();
    return { value: loss(p).dataSync()[0], grads: indices.map((i) => grad[i]) };
  });
  expect(Math.abs(actual.value - expected.value) / Math.max(Math.abs(expected.value), 1e-8)).toBeLessThan(1e-5);
  const scale = Math.max(...expected.grads.map(Math.abs), 1e-8);
  actual.grads.forEach((g, k) => expect(Math.abs(g - expected.grads[k]) / scale, `grad[${k}]`).toBeLessThan(2e-3));
}

describe('classification, embedding and GAN losses vs numpy', () => {
  beforeAll(async () => {
    await initEngine({ engine: 'wasm', log: false });
  });
  const next = rng(Date.now() % 100_000);
  const classes = 7;
  const pixels = [2, 5, 6];
  const n = pixels.reduce((a, b) => a * b, 1);
  const logits = Float32Array.from({ length: n * classes }, () => 4 * next() - 2);
  // ~15% ignored (−1) labels.
  const labels = Float32Array.from({ length: n }, () => (next() < 0.15 ? -1 : Math.floor(next() * classes)));
  const logitShape = [...pixels, classes];
  const indices = [0, 5, 13, 40, 99, n * classes - 1];
  const arrays = { pred: { data: logits, shape: logitShape }, gt: { data: labels, shape: pixels } };
  const labelTensor = () => tf.tensor(Int32Array.from(labels), pixels, 'int32');

  const cases: Array<[string, (p: tf.Tensor) => tf.Scalar, Record<string, unknown>]> = [
    ['cross_entropy', (p) => crossEntropyWithIgnore(p, labelTensor()), {}],
    ['ordinal', (p) => ordinalLoss(p, labelTensor()), {}],
    ['soft_classification', (p) => softClassificationLoss(p, labelTensor()), { beta: 1 }],
  ];
  for (const [name, loss, params] of cases) {
    it(name, async () => {
      const expected = runNumpyReference<Check>(reference, 'check', arrays, { loss: name, indices, ...params });
      await expectNoTensorLeak(() => compare((p) => tf.tidy(() => loss(p)), logits, logitShape, indices, expected));
    });
  }

  it('depth classification labels GT depth by SID bins and ignores out-of-range depth', async () => {
    await expectNoTensorLeak(() => {
      const [viaDepth, viaLabels] = tf.tidy(() => {
        const d = { alpha: 1, beta: 16, bins: 4, spacing: 'sid' as const };
        const depth = tf.tensor([0, 1.5, 3, 20, 9], [1, 5, 1, 1]);
        const z = tf.tensor(Float32Array.from({ length: 20 }, (_, i) => Math.sin(i)), [1, 5, 1, 4]);
        return [
          depthClassificationLoss(z, depth, d).dataSync()[0],
          crossEntropyWithIgnore(z, tf.tensor([-1, 0, 1, -1, 3], [1, 5, 1], 'int32')).dataSync()[0],
        ];
      });
      expect(viaDepth).toBeCloseTo(viaLabels, 6);
    });
  });

  it('discriminative loss (L2 and L1, with an ignored label)', async () => {
    const shape = [2, 4, 5, 3];
    const size = shape.reduce((a, b) => a * b, 1);
    const emb = Float32Array.from({ length: size }, () => 3 * next() - 1.5);
    const inst = Float32Array.from({ length: 40 }, () => Math.floor(next() * 4));
    for (const distance of ['l2', 'l1'] as const) {
      const params = { delta_v: 0.5, delta_d: 2.5, distance, ignore_label: 0 };
      const expected = runNumpyReference<Check>(reference, 'check', {
        pred: { data: emb, shape }, gt: { data: inst, shape: [2, 4, 5] },
      }, { loss: 'discriminative', indices: [0, 11, 29, 57, size - 1], ...params });
      await expectNoTensorLeak(() => compare((p) => tf.tidy(() => {
        const terms = discriminativeLoss(p as tf.Tensor4D, tf.tensor(Int32Array.from(inst), [2, 4, 5], 'int32'), { deltaV: 0.5, deltaD: 2.5, distance, ignoreLabel: 0 });
        return terms.loss;
      }), emb, shape, [0, 11, 29, 57, size - 1], expected));
    }
  });

  for (const mode of ['bce', 'lsgan'] as const) {
    it(`GAN discriminator loss (${mode})`, async () => {
      const real = Float32Array.from({ length: 12 }, () => 4 * next() - 2);
      const fake = Float32Array.from({ length: 12 }, () => 4 * next() - 2);
      const expected = runNumpyReference<Check>(reference, 'check', {
        pred: { data: real, shape: [2, 6] }, gt: { data: fake, shape: [2, 6] },
      }, { loss: 'gan_discriminator', indices: [0, 5, 11], mode });
      await expectNoTensorLeak(() => compare((p) => tf.tidy(() => discriminatorLoss(p, tf.tensor(fake, [2, 6]), mode)), real, [2, 6], [0, 5, 11], expected));
    });
  }

  it('generator adversarial loss pushes fake logits towards "real"', async () => {
    await expectNoTensorLeak(() => {
      const [bce, ls] = tf.tidy(() => {
        const z = tf.tensor1d([-2, 0.5, 3]);
        return [generatorAdversarialLoss(z).dataSync()[0], generatorAdversarialLoss(z, 'lsgan').dataSync()[0]];
      });
      const softplus = (v: number) => Math.log1p(Math.exp(v));
      expect(bce).toBeCloseTo((softplus(2) + softplus(-0.5) + softplus(-3)) / 3, 6);
      expect(ls).toBeCloseTo((9 + 0.25 + 4) / 3, 6);
    });
  });
});

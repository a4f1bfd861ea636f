import * as tf from '@tensorflow/tfjs-core';
import { discriminatorLoss, generatorAdversarialLoss, initEngine, type TrainBatch } from '@depthkit/core';
import { expectNoTensorLeak, runNumpyReference } from '@depthkit/core/testing';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { defaultConfig, type SegmentDepthConfig, type SegmentDepthMode } from './config.js';
import { groupTable } from './groups.js';
import { segmentDepthLoss } from './loss.js';

const reference = fileURLToPath(new URL('./__reference__/segment_depth_reference.py', import.meta.url));
const shape = [2, 7, 9];
const seed = Date.now() % 10_000;

function inputs() {
  const [b, h, w] = shape;
  // Depths in metres with holes (0) and SYNTHIA-style sky beyond the cap; ids over every SYNTHIA class and beyond.
  const depth = tf.tidy(() => {
    const d = tf.randomUniform([b, h, w, 1], 1, 120, 'float32', seed);
    return tf.mul(d, tf.cast(tf.greater(tf.randomUniform([b, h, w, 1], 0, 1, 'float32', seed + 1), 0.2), 'float32'));
  });
  const labels = tf.randomUniform([b, h, w, 1], 0, 30, 'int32', seed + 2);
  const parts = tf.randomUniform([b, h, w, 4], 0, 1, 'float32', seed + 3);
  const seg = tf.randomNormal([b, h, w, 4], 0, 2, 'float32', seed + 4);
  const fused = tf.randomUniform([b, h, w, 1], 0, 1.2, 'float32', seed + 5);
  return { depth, labels, parts, seg, fused };
}

describe('segment-depth losses against numpy', () => {
  beforeAll(async () => {
    await initEngine({ engine: 'wasm', log: false });
  });

  for (const mode of ['explicit', 'implicit', 'direct'] as SegmentDepthMode[]) {
    it(`${mode}: every term and the total (eqs. 1–4, 8) on random data made now`, async () => {
      const config: SegmentDepthConfig = { ...defaultConfig, mode };
      const table = groupTable(config.labelSet, config.groups);
      const t = inputs();
      const expected = runNumpyReference<Record<string, number>>(reference, 'losses', {
        depth: { data: t.depth.dataSync() as Float32Array, shape: [...shape, 1] },
        labels: { data: t.labels.dataSync() as Int32Array, shape: [...shape, 1] },
        parts: { data: t.parts.dataSync() as Float32Array, shape: [...shape, 4] },
        seg: { data: t.seg.dataSync() as Float32Array, shape: [...shape, 4] },
        fused: { data: t.fused.dataSync() as Float32Array, shape: [...shape, 1] },
      }, {
        table: Array.from(table), mode, max_depth: config.maxDepth,
        lambda_bce: config.lambdaBce, lambda_rec: config.lambdaRec, lambda_direct: config.lambdaDirect,
      });
      const batch = { images: t.fused, depth: t.depth, labels: t.labels } as unknown as TrainBatch;
      const outputs = mode === 'direct' ? [t.fused] : mode === 'implicit' ? [t.fused, t.parts] : [t.fused, t.parts, t.seg];
      await expectNoTensorLeak(() => {
        const got: Record<string, number> = tf.tidy(() => {
          const r = segmentDepthLoss(batch, outputs, config, table);
          return { total: r.total.dataSync()[0], ...Object.fromEntries(Object.entries(r.terms ?? {}).map(([k, v]) => [k, v.dataSync()[0]])) };
        });
        expect(Object.keys(got).sort()).toEqual(Object.keys(expected).sort());
        for (const [k, v] of Object.entries(expected)) expect(Math.abs((got as Record<string, number>)[k] - v) / Math.max(Math.abs(v), 1e-6), k).toBeLessThan(1e-4);
      });
      tf.dispose(Object.values(t));
    });
  }

  it('the adversarial terms of eq. 6 (discriminator, non-saturating generator)', async () => {
    const real = tf.randomNormal([5, 1], 0, 3, 'float32', seed + 6);
    const fake = tf.randomNormal([5, 1], 0, 3, 'float32', seed + 7);
    const arrays = { real: { data: real.dataSync() as Float32Array, shape: [5, 1] }, fake: { data: fake.dataSync() as Float32Array, shape: [5, 1] } };
    const d = runNumpyReference<number>(reference, 'discriminator_loss', arrays);
    const g = runNumpyReference<number>(reference, 'generator_adversarial', { fake: arrays.fake });
    await expectNoTensorLeak(() => {
      expect(tf.tidy(() => discriminatorLoss(real, fake).dataSync()[0])).toBeCloseTo(d, 5);
      expect(tf.tidy(() => generatorAdversarialLoss(fake).dataSync()[0])).toBeCloseTo(g, 5);
    });
    tf.dispose([real, fake]);
  });

  it('passes gradients from the masked target S_n·y into S_n only with targetGradient', async () => {
    const t = inputs();
    const batch = { images: t.fused, depth: t.depth, labels: t.labels } as unknown as TrainBatch;
    // L_depth alone (λ_BCE = 0): its gradient w.r.t. the segmentation logits comes from the target only.
    const gradNorm = (targetGradient: boolean) => tf.tidy(() => {
      const config = { ...defaultConfig, lambdaBce: [0, 0, 0, 0] as [number, number, number, number], targetGradient };
      const table = groupTable(config.labelSet, config.groups);
      const g = tf.grad((seg: tf.Tensor) => segmentDepthLoss(batch, [t.fused, t.parts, seg], config, table).total)(t.seg);
      return tf.sum(tf.abs(g)).dataSync()[0];
    });
    await expectNoTensorLeak(() => {
      expect(gradNorm(false)).toBe(0);
      expect(gradNorm(true)).toBeGreaterThan(0);
    });
    tf.dispose(Object.values(t));
  });

  it('names the missing labels instead of failing inside tfjs', () => {
    const config = { ...defaultConfig, mode: 'implicit' as const };
    const batch = { images: tf.zeros([1, 4, 4, 3]), depth: tf.ones([1, 4, 4, 1]) } as unknown as TrainBatch;
    expect(() => segmentDepthLoss(batch, [tf.zeros([1, 4, 4, 1]), tf.zeros([1, 4, 4, 4])], config, groupTable('synthia', config.groups))).toThrow(/no class labels.*SYNTHIA-layout/);
  });
});

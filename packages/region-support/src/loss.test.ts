import * as tf from '@tensorflow/tfjs-core';
import { initEngine, type TrainBatch } from '@depthkit/core';
import { expectNoTensorLeak, runNumpyReference } from '@depthkit/core/testing';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { defaultConfig, type RegionSupportConfig } from './config.js';
import { regionSupportLoss, updatedDeltaV } from './loss.js';
import { regionLabelsFromInstances } from './region-labels.js';

const reference = fileURLToPath(new URL('./__reference__/region_reference.py', import.meta.url));
const [B, H, W, E] = [2, 9, 11, 3];
const shape: [number, number, number, number] = [B, H, W, 1];

/** Random depth with holes, instances, a region map with unlabelled pixels, embeddings and a log-depth prediction. */
function scene(seed: number) {
  return tf.tidy(() => {
    const holes = tf.cast(tf.greater(tf.randomUniform(shape, 0, 1, 'float32', seed), 0.2), 'float32');
    return {
      depth: tf.keep(tf.mul(tf.randomUniform(shape, 1, 60, 'float32', seed + 1), holes)) as tf.Tensor4D,
      mask: tf.keep(tf.cast(tf.greater(tf.randomUniform(shape, 0, 1, 'float32', seed + 2), 0.1), 'float32')) as tf.Tensor4D,
      instances: tf.keep(tf.cast(tf.floor(tf.randomUniform(shape, 0, 4, 'float32', seed + 3)), 'int32')) as tf.Tensor4D,
      regions: tf.keep(tf.floor(tf.randomUniform(shape, -1, 5, 'float32', seed + 4))) as tf.Tensor4D,
      embedding: tf.keep(tf.randomUniform([B, H, W, E], 0, 0.3, 'float32', seed + 5)) as tf.Tensor4D,
      pred: tf.keep(tf.randomUniform(shape, 0, 4, 'float32', seed + 6)) as tf.Tensor4D,
    };
  });
}

type Scene = ReturnType<typeof scene>;

function outputsOf(s: Scene, deltaV: number): tf.Tensor[] {
  // [final, embedding, regions, initial, regional, variance, target, delta_v]
  return [s.pred, s.embedding, s.regions, s.pred, s.pred, s.pred, s.pred, tf.fill([B, 1, 1, 1], deltaV)];
}

const arr = (t: tf.Tensor) => ({ data: t.dataSync() as Float32Array | Int32Array, shape: t.shape });

describe('region-support losses against numpy (random data made now)', () => {
  beforeAll(async () => {
    await initEngine({ engine: 'wasm', log: false });
  });

  it('region labels: instances cut into depth bands 2δ_d wide where they span more than δ_d', () => {
    const s = scene(Date.now() % 10_000);
    const p = H * W;
    const depth = s.depth.dataSync() as Float32Array;
    const mask = s.mask.dataSync() as Float32Array;
    const instances = s.instances.dataSync() as Int32Array;
    const expected = runNumpyReference<number[][]>(reference, 'region_labels', { instances: arr(s.instances), depth: arr(s.depth), mask: arr(s.mask) }, { divisor: 20, band_width: 2 });
    for (let b = 0; b < B; b++) {
      const labels = regionLabelsFromInstances(instances.subarray(b * p, (b + 1) * p), depth.subarray(b * p, (b + 1) * p), mask.subarray(b * p, (b + 1) * p), 20, 2);
      expect(Array.from(labels)).toEqual(expected[b]);
      // Random depths over 1–60 m: every instance spans several bands.
      expect(Math.max(...labels)).toBeGreaterThan(4);
    }
    tf.dispose(Object.values(s));
  });

  for (const deltaV of [0.16, 0.05]) {
    it(`discriminative loss (eqs. 1–2, L1, push 4δ_v), δ_c and log berHu at δ_v = ${deltaV}`, async () => {
      const s = scene((Date.now() + 17) % 10_000);
      const config: RegionSupportConfig = { ...defaultConfig, clusterLoss: 'discriminative' };
      const labels = runNumpyReference<number[][]>(reference, 'region_labels', { instances: arr(s.instances), depth: arr(s.depth), mask: arr(s.mask) }, { divisor: 20, band_width: 2 });
      const labelArray = { data: Int32Array.from(labels.flat()), shape: [B, H, W] };
      const cluster = runNumpyReference<number>(reference, 'discriminative', { embedding: arr(s.embedding), labels: labelArray }, { delta_v: deltaV, push: 4 });
      const [spreadSum, regions] = runNumpyReference<[number, number]>(reference, 'spreads', { embedding: arr(s.embedding), labels: labelArray });
      const berhu = runNumpyReference<number>(reference, 'berhu_log', { pred: arr(s.pred), depth: arr(s.depth), mask: arr(s.mask) }, { threshold: 0.2 });
      const batch = { images: tf.zeros([B, H, W, 3]), depth: s.depth, mask: s.mask, instances: s.instances } as unknown as TrainBatch;
      await expectNoTensorLeak(() => {
        const out = tf.tidy(() => {
          const r = regionSupportLoss(batch, outputsOf(s, deltaV), config);
          return { total: r.total.dataSync()[0], ...Object.fromEntries(Object.entries(r.terms!).map(([k, v]) => [k, v.dataSync()[0]])) } as Record<string, number>;
        });
        expect(out.cluster).toBeGreaterThan(0);
        expect(Math.abs(out.cluster - cluster) / cluster).toBeLessThan(1e-4);
        expect(Math.abs(out.delta_c - spreadSum / regions) / (spreadSum / regions)).toBeLessThan(1e-4);
        expect(Math.abs(out.berhu - berhu) / berhu).toBeLessThan(1e-4);
        expect(out.total).toBeCloseTo(out.berhu + out.cluster, 4);
        expect(out.delta_v).toBeCloseTo(deltaV, 6);
      });
      tf.dispose([...Object.values(s), batch.images]);
    });
  }

  for (const rwUnlabelled of ['ignore', 'region'] as const) {
    it(`semi-supervised L_rw (eqs. 3–5, δ_d = range/20, push 2δ_v) on the network's own regions, unlabelled: ${rwUnlabelled}`, async () => {
      const s = scene((Date.now() + 31) % 10_000);
      const config: RegionSupportConfig = { ...defaultConfig, clusterLoss: 'auto', rwUnlabelled };
      const expected = runNumpyReference<number>(reference, 'right_wrong', {
        embedding: arr(s.embedding), regions: arr(s.regions), depth: arr(s.depth), mask: arr(s.mask),
      }, { delta_v: 0.16, divisor: 20, push: 2, unlabelled_region: rwUnlabelled === 'region' });
      // No instance maps: 'auto' falls back to L_rw.
      const batch = { images: tf.zeros([B, H, W, 3]), depth: s.depth, mask: s.mask } as unknown as TrainBatch;
      await expectNoTensorLeak(() => {
        const value = tf.tidy(() => regionSupportLoss(batch, outputsOf(s, 0.16), config).terms!.cluster.dataSync()[0]);
        expect(expected).toBeGreaterThan(0);
        expect(Math.abs(value - expected) / expected).toBeLessThan(1e-4);
      });
      const missing = { ...config, clusterLoss: 'discriminative' as const };
      expect(() => tf.tidy(() => {
        regionSupportLoss(batch, outputsOf(s, 0.16), missing);
      })).toThrow(/needs instance maps/);
      tf.dispose([...Object.values(s), batch.images]);
    });
  }

  it('an untrained embedding (no region found) still gets an L_rw gradient, and δ_c moves δ_v', () => {
    const s = scene(8);
    const none = tf.fill(shape, -1);
    const batch = { images: tf.zeros([B, H, W, 3]), depth: s.depth, mask: s.mask } as unknown as TrainBatch;
    const config: RegionSupportConfig = { ...defaultConfig, clusterLoss: 'rw' };
    const outputs = (e: tf.Tensor) => [s.pred, e, none, s.pred, s.pred, s.pred, s.pred, tf.fill([B, 1, 1, 1], 0.01)];
    const g = tf.grad((e: tf.Tensor) => regionSupportLoss(batch, outputs(e), config).terms!.cluster)(s.embedding);
    expect(tf.tidy(() => tf.sum(tf.abs(g)).dataSync()[0])).toBeGreaterThan(0);
    const deltaC = tf.tidy(() => regionSupportLoss(batch, outputs(s.embedding), config).terms!.delta_c.dataSync()[0]);
    expect(deltaC).toBeGreaterThan(0.01);
    const ignored = tf.tidy(() => regionSupportLoss(batch, outputs(s.embedding), { ...config, rwUnlabelled: 'ignore' }).terms!.cluster.dataSync()[0]);
    expect(ignored).toBe(0);
    tf.dispose([g, none, ...Object.values(s), batch.images]);
  });

  it('δ_c (δ_v\'s update) is the clustered regions\' spread; the unlabelled pseudo-region enters only when no region was found', () => {
    // One 4×6 image, 2-d embedding: rows 0–1 region 0 around (0, 0), row 2 region 1 around (5, 5),
    // each pixel ±0.1 off its centre in x (δ_c 0.1); row 3 unlabelled, ±1 around (10, 0) (spread 1).
    const [h, w] = [4, 6];
    const ids: number[] = [];
    const values: number[] = [];
    for (let y = 0; y < h; y++) {
      for (let x = 0; x < w; x++) {
        const sign = x % 2 === 0 ? 1 : -1;
        const [id, cx, cy, off] = y < 2 ? [0, 0, 0, 0.1] : y === 2 ? [1, 5, 5, 0.1] : [-1, 10, 0, 1];
        ids.push(id);
        values.push(cx + sign * off, cy);
      }
    }
    // Constant depth: every pixel is within δ_d of its region's mean, i.e. "right".
    const depth = tf.fill([1, h, w, 1], 10) as tf.Tensor4D;
    const embedding = tf.tensor4d(values, [1, h, w, 2]);
    const pred = tf.fill([1, h, w, 1], Math.log(10));
    const batch = { images: tf.zeros([1, h, w, 3]), depth } as unknown as TrainBatch;
    const config: RegionSupportConfig = { ...defaultConfig, clusterLoss: 'rw', rwUnlabelled: 'region' };
    const deltaCWith = (regions: number[]) => tf.tidy(() => {
      const outputs = [pred, embedding, tf.tensor4d(regions, [1, h, w, 1]), pred, pred, pred, pred, tf.fill([1, 1, 1, 1], 0.16)];
      return regionSupportLoss(batch, outputs, config).terms!.delta_c.dataSync()[0];
    });
    const before = tf.memory().numTensors;
    const found = deltaCWith(ids);
    expect(found).toBeCloseTo(0.1, 5);
    // δ_v moves by the regions' δ_c only: 0.99 · 0.16 + 0.01 · 0.1, not towards the outliers' 1.
    expect(updatedDeltaV(0.16, found, 0.99)).toBeCloseTo(0.99 * 0.16 + 0.01 * 0.1, 7);
    // The same pixels with no region found: the pseudo-region (all 24 pixels) alone moves δ_v.
    const none = deltaCWith(ids.map(() => -1));
    const all = Array.from({ length: h * w }, (_, p) => [values[2 * p], values[2 * p + 1]]);
    const mean = [0, 1].map((k) => all.reduce((s, v) => s + v[k], 0) / all.length);
    const spread = all.reduce((s, v) => s + Math.abs(v[0] - mean[0]) + Math.abs(v[1] - mean[1]), 0) / all.length;
    expect(none).toBeCloseTo(spread, 4);
    expect(spread).toBeGreaterThan(1);
    expect(tf.memory().numTensors).toBe(before);
    tf.dispose([depth, embedding, pred, batch.images]);
  });

  it('the gradient of L_rw reaches the embedding only (region ids and depth are constants)', () => {
    const s = scene(5);
    const batch = { images: tf.zeros([B, H, W, 3]), depth: s.depth, mask: s.mask } as unknown as TrainBatch;
    const config: RegionSupportConfig = { ...defaultConfig, clusterLoss: 'rw', depthLossOn: ['final'] };
    const g = tf.grad((e: tf.Tensor) => regionSupportLoss(batch, [s.pred, e, s.regions, s.pred, s.pred, s.pred, s.pred, tf.fill([B, 1, 1, 1], 0.16)], config).terms!.cluster)(s.embedding);
    expect(tf.tidy(() => tf.sum(tf.abs(g)).dataSync()[0])).toBeGreaterThan(0);
    tf.dispose([g, ...Object.values(s), batch.images]);
  });

  it('δ_v ← λδ_v + (1 − λ)δ_c (hand-computed)', () => {
    expect(updatedDeltaV(0.16, 0.5, 0.99)).toBeCloseTo(0.99 * 0.16 + 0.01 * 0.5, 12);
    expect(updatedDeltaV(0.2, 0.2, 0.99)).toBeCloseTo(0.2, 12);
  });
});

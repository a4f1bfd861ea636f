import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { initEngine } from '@depthkit/core';
import { expectNoTensorLeak, relativeError, runNumpyReference } from '@depthkit/core/testing';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { defaultConfig, type RegionSupportConfig } from '../config.js';
import { tinyPreset } from '../presets/tiny.js';
import { edgePad } from './edge-pad.js';
import { MetreAverage, RegionPool } from './region-layers.js';
import { buildRegionSupportNetwork, outputIndex } from './region-support-network.js';
import { replicatePad } from '@depthkit/core';

const reference = fileURLToPath(new URL('../__reference__/region_reference.py', import.meta.url));
// An untrained embedding is spread wide (unit-variance GroupNorm); a wide bandwidth still finds regions in it.
const tiny: RegionSupportConfig = { ...tinyPreset.config, deltaV0: 6 };

function probe(model: tfl.LayersModel, names: string[], input: tf.Tensor): number[][] {
  const p = tfl.model({ inputs: model.inputs, outputs: names.map((n) => model.getLayer(n).output as tfl.SymbolicTensor) });
  const outs = p.predict(input) as tf.Tensor[];
  const shapes = outs.map((t) => t.shape);
  tf.dispose(outs);
  return shapes;
}

describe('region-support network', () => {
  beforeAll(async () => {
    await initEngine({ engine: 'wasm', log: false });
  });

  it('region pooling (regional depth / feature) matches numpy; unlabelled pixels keep their value', async () => {
    const x = tf.randomNormal([2, 5, 7, 3], 0, 1, 'float32', Date.now() % 1000);
    const labels = tf.floor(tf.randomUniform([2, 5, 7, 1], -1, 4, 'float32', 9));
    const expected = runNumpyReference<number[]>(reference, 'region_pool', { x: { data: x.dataSync() as Float32Array, shape: [2, 5, 7, 3] }, labels: { data: labels.dataSync() as Float32Array, shape: [2, 5, 7, 1] } });
    await expectNoTensorLeak(() => {
      tf.tidy(() => {
        const pooled = new RegionPool(80).apply([x, labels]) as tf.Tensor;
        expect(pooled.shape).toEqual([2, 5, 7, 3]);
        expect(relativeError(pooled.dataSync(), expected)).toBeLessThan(1e-5);
      });
    });
    tf.dispose([x, labels]);
  });

  it('regional depth and fusion are arithmetic means in metres (§3.2, §3.3), hand-computed', async () => {
    // One image, 6 pixels: region 0 at 1 m and 3 m, region 1 at 2, 4 and 6 m, one unlabelled at 5 m.
    const metres = [1, 3, 2, 4, 6, 5];
    const logDepth = tf.tensor4d(metres.map(Math.log), [1, 1, 6, 1]);
    const labels = tf.tensor4d([0, 0, 1, 1, 1, -1], [1, 1, 6, 1]);
    const [a, b] = [tf.fill([1, 1, 2, 1], Math.log(1)), tf.fill([1, 1, 2, 1], Math.log(3))];
    await expectNoTensorLeak(() => {
      tf.tidy(() => {
        const pooled = Array.from((new RegionPool(80, 'r', true).apply([logDepth, labels]) as tf.Tensor).dataSync()).map(Math.exp);
        [2, 2, 4, 4, 4, 5].forEach((m, i) => expect(pooled[i]).toBeCloseTo(m, 4));
        // The geometric reading, kept as depthMean 'log': √3 and ∛48.
        const geometric = Array.from((new RegionPool(80, 'g').apply([logDepth, labels]) as tf.Tensor).dataSync()).map(Math.exp);
        [Math.sqrt(3), Math.sqrt(3), Math.cbrt(48), Math.cbrt(48), Math.cbrt(48), 5].forEach((m, i) => expect(geometric[i]).toBeCloseTo(m, 4));
        const fused = Array.from((new MetreAverage('f').apply([a, b]) as tf.Tensor).dataSync()).map(Math.exp);
        fused.forEach((m) => expect(m).toBeCloseTo(2, 5));
      });
    });
    tf.dispose([logDepth, labels, a, b]);
  });

  for (const depthMean of ['metres', 'log'] as const) {
    it(`the built network pools and fuses as depthMean '${depthMean}' says`, async () => {
      const built = buildRegionSupportNetwork({ ...tiny, depthMean });
      // Random weights: the zero-initialised heads would make every depth map constant, where
      // the two means agree.
      const random = built.model.getWeights().map((w, i) => tf.randomNormal(w.shape, 0, 0.3, 'float32', 100 + i));
      built.model.setWeights(random);
      tf.dispose(random);
      const image = tf.randomUniform([1, 32, 40, 3], -1, 1, 'float32', 3);
      await expectNoTensorLeak(() => {
        tf.tidy(() => {
          const out = built.model.predict(image) as tf.Tensor[];
          const [final, regions, initial, regional, variance, target] = (['final', 'regions', 'initial', 'regional', 'variance', 'target'] as const)
            .map((n) => Array.from(out[outputIndex[n]].dataSync()));
          const mean = (xs: number[]) => xs.reduce((s, v) => s + v, 0) / xs.length;
          const average = depthMean === 'metres' ? (xs: number[]) => Math.log(mean(xs.map(Math.exp))) : mean;
          const ids = [...new Set(regions)].filter((r) => r >= 0);
          expect(ids.length).toBeGreaterThan(0);
          // Depths vary within a region and between the refinements, so the two means differ.
          const first = initial.filter((_, i) => regions[i] === ids[0]);
          expect(Math.max(...first) - Math.min(...first)).toBeGreaterThan(0.05);
          expect(Math.max(...variance.map((v, i) => Math.abs(v - target[i])))).toBeGreaterThan(0.05);
          for (const id of ids) {
            const expected = average(initial.filter((_, i) => regions[i] === id));
            regions.forEach((r, i) => {
              if (r === id) expect(Math.abs(regional[i] - expected)).toBeLessThan(1e-4 * Math.max(1, Math.abs(expected)));
            });
          }
          final.forEach((f, i) => expect(Math.abs(f - average([variance[i], target[i]]))).toBeLessThan(1e-4 * Math.max(1, Math.abs(f))));
        });
      });
      built.model.dispose();
      image.dispose();
    });
  }

  it('replicate padding equals core\'s ReplicatePad in value and gradient', async () => {
    const x = tf.randomNormal([2, 6, 5, 3], 0, 1, 'float32', 4) as tf.Tensor4D;
    const r = tf.randomNormal([2, 8, 7, 3], 0, 1, 'float32', 5);
    await expectNoTensorLeak(() => {
      tf.tidy(() => {
        expect(Array.from(edgePad(x, 1).dataSync())).toEqual(Array.from(replicatePad(x, [1, 1], [1, 1]).dataSync()));
        const mine = tf.grad((v: tf.Tensor) => tf.sum(tf.mul(edgePad(v as tf.Tensor4D, 1), r)))(x);
        const core = tf.grad((v: tf.Tensor) => tf.sum(tf.mul(replicatePad(v as tf.Tensor4D, [1, 1], [1, 1]), r)))(x);
        expect(relativeError(mine.dataSync(), core.dataSync())).toBeLessThan(1e-6);
      });
    });
    tf.dispose([x, r]);
  });

  it('the paper\'s layout: blocks (4, 10, 5, 5), 4×4 deconvs, GroupNorm after every conv but the refinements\' last', () => {
    const { model } = buildRegionSupportNetwork(defaultConfig);
    const blocks = (s: number) => model.layers.filter((l) => new RegExp(`^stage${s}_block\\d+_relu$`).test(l.name)).length;
    expect([1, 2, 3, 4].map(blocks)).toEqual([4, 10, 5, 5]);
    const deconvs = model.layers.filter((l) => l.getClassName() === 'Conv2DTranspose');
    expect(deconvs.map((l) => (l.getConfig() as { kernelSize: number[] }).kernelSize)).toEqual([[4, 4], [4, 4]]);
    const convs = model.layers.filter((l) => /_conv$/.test(l.name)).map((l) => l.name.replace(/_conv$/, ''));
    const withoutNorm = convs.filter((n) => !model.layers.some((l) => l.name === `${n}_gn`));
    expect(withoutNorm.sort()).toEqual(['target5', 'variance5']);
    // Refinements: 3×3, 3×3, then 1×1 ×3.
    const kernels = [1, 2, 3, 4, 5].map((i) => [(model.getLayer(`variance${i}_conv`).getConfig() as { kernelSize: number | number[] }).kernelSize].flat()[0]);
    expect(kernels).toEqual([3, 3, 1, 1, 1]);
    expect(model.outputs.length).toBe(8);
    model.dispose();
  });

  it('module shapes: 1/4 map, pyramid at 1/8…1/240 of the input, full-resolution shared feature and outputs', async () => {
    const { model } = buildRegionSupportNetwork(tiny);
    const input = tf.randomNormal([2, 96, 256, 3], 0, 1, 'float32', 2);
    const shapes = probe(model, ['stage1_block1_relu', 'stage2_block1_relu', 'stage3_block1_relu', 'stage4_block1_relu',
      'spp_1_8_pool', 'spp_1_20_pool', 'spp_1_80_pool', 'spp_1_240_pool', 'spp_concat', 'deconv1_post_gn', 'deconv2_post_gn', 'embedding_gn'], input);
    expect(shapes).toEqual([
      [2, 96, 256, 8], [2, 48, 128, 16], [2, 24, 64, 16], [2, 24, 64, 16],
      [2, 12, 32, 16], [2, 5, 13, 16], [2, 1, 3, 16], [2, 1, 1, 16],
      [2, 24, 64, 16 + 4 * 4], [2, 48, 128, 8], [2, 96, 256, 8], [2, 96, 256, 16],
    ]);
    await expectNoTensorLeak(() => {
      tf.tidy(() => {
        const outs = model.predict(input) as tf.Tensor[];
        for (const name of ['final', 'regions', 'initial', 'regional', 'variance', 'target'] as const) expect(outs[outputIndex[name]].shape).toEqual([2, 96, 256, 1]);
        expect(outs[outputIndex.embedding].shape).toEqual([2, 96, 256, 16]);
        expect(outs[outputIndex.delta_v].dataSync()).toEqual(Float32Array.from([6, 6]));
        // final = (variance + target)/2; the regional depth is constant inside each region.
        const mean = tf.div(tf.add(outs[outputIndex.variance], outs[outputIndex.target]), 2);
        expect(relativeError(outs[outputIndex.final].dataSync(), mean.dataSync())).toBeLessThan(1e-6);
        const regions = outs[outputIndex.regions].dataSync();
        const regional = outs[outputIndex.regional].dataSync();
        const initial = outs[outputIndex.initial].dataSync();
        const first = new Map<number, number>();
        regions.forEach((r, p) => {
          if (r < 0) {
            expect(regional[p]).toBe(initial[p]);
            return;
          }
          const key = Math.floor(p / (96 * 256)) * 1000 + r;
          if (!first.has(key)) first.set(key, regional[p]);
          expect(regional[p]).toBeCloseTo(first.get(key)!, 5);
        });
        expect(first.size).toBeGreaterThan(0);
        expect(Math.max(...regions)).toBeLessThan(80);
      });
    });
    input.dispose();
    model.dispose();
  });
});

import * as tf from '@tensorflow/tfjs-core';
import { depthMethodContractVersion, initEngine, loadMethodModel, predictDepth, saveMethodModel } from '@depthkit/core';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { regionSupport } from '../src/method.js';
import { bandwidthOf } from '../src/predict.js';

describe('region-support save → load', () => {
  beforeAll(async () => {
    await initEngine({ engine: 'wasm', log: false });
  });

  it('restores the weights and δ_v: identical predictions after a round trip through <out>/model', async () => {
    const config = regionSupport.presets.tiny.config;
    const built = regionSupport.createModel(config);
    built.model.setWeights(built.model.getWeights().map((w, i) => tf.tidy(() => tf.add(w, tf.randomNormal(w.shape, 0, 0.01, 'float32', i)))));
    // A δ_v wide enough to find regions in an untrained embedding; loading must not fall back to deltaV0.
    bandwidthOf(built).deltaV = 6.4321;
    const dir = path.join(await mkdtemp(path.join(tmpdir(), 'dk-rs-')), 'model');
    await saveMethodModel(dir, built, { contractVersion: depthMethodContractVersion, method: 'region-support', preset: 'tiny', dataset: 'kitti', config, stride: built.stride, extraState: built.extraState!() });
    const loaded = await loadMethodModel(regionSupport, dir);
    expect(bandwidthOf(loaded.built).deltaV).toBe(6.4321);
    expect(loaded.metadata.extraState).toEqual({ deltaV: 6.4321 });
    const images = tf.randomUniform([2, 50, 90, 3], -2, 2, 'float32', 7) as tf.Tensor4D;
    const a = predictDepth(regionSupport, built, images, config);
    const b = predictDepth(regionSupport, loaded.built, images, loaded.config);
    expect(a.shape).toEqual([2, 50, 90, 1]);
    expect(Array.from(b.dataSync())).toEqual(Array.from(a.dataSync()));
    expect(loaded.config).toEqual(config);
    // δ_v matters: the same weights at the initial bandwidth cluster differently.
    bandwidthOf(loaded.built).deltaV = config.deltaV0;
    const c = predictDepth(regionSupport, loaded.built, images, loaded.config);
    expect(Array.from(c.dataSync())).not.toEqual(Array.from(a.dataSync()));
    expect(() => loaded.built.restoreExtraState!({})).toThrow(/no positive deltaV/);
    tf.dispose([a, b, c, images]);
  });
});

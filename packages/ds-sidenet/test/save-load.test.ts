import * as tf from '@tensorflow/tfjs-core';
import { depthMethodContractVersion, initEngine, loadMethodModel, predictDepth, saveMethodModel } from '@depthkit/core';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { dsSidenet } from '../src/method.js';

describe('DS-SIDENet save → load', () => {
  beforeAll(async () => {
    await initEngine({ engine: 'wasm', log: false });
  });

  it('gives identical predictions after a round trip through <out>/model', async () => {
    const config = dsSidenet.presets.tiny.config;
    const built = dsSidenet.createModel(config);
    // Move the weights off their initial values so that loading the wrong ones would show.
    built.model.setWeights(built.model.getWeights().map((w, i) => tf.tidy(() => tf.add(w, tf.randomNormal(w.shape, 0, 0.01, 'float32', i)))));
    const dir = path.join(await mkdtemp(path.join(tmpdir(), 'dk-dss-')), 'model');
    await saveMethodModel(dir, built, { contractVersion: depthMethodContractVersion, method: 'ds-sidenet', preset: 'tiny', dataset: 'kitti', config, stride: built.stride });
    const loaded = await loadMethodModel(dsSidenet, dir);
    const images = tf.randomUniform([2, 50, 90, 3], -2, 2, 'float32', 7) as tf.Tensor4D;
    const a = predictDepth(dsSidenet, built, images, config);
    const b = predictDepth(dsSidenet, loaded.built, images, loaded.config);
    expect(a.shape).toEqual([2, 50, 90, 1]);
    expect(Array.from(b.dataSync())).toEqual(Array.from(a.dataSync()));
    expect(loaded.config).toEqual(config);
    tf.dispose([a, b, images]);
  });
});

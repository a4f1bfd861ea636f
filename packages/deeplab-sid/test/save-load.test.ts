import * as tf from '@tensorflow/tfjs-core';
import { depthMethodContractVersion, initEngine, loadMethodModel, predictDepth, saveMethodModel } from '@depthkit/core';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { deeplabSid } from '../src/method.js';

describe('DeepLab-SID save → load', () => {
  beforeAll(async () => {
    await initEngine({ engine: 'wasm', log: false });
  });

  it('gives identical predictions after a round trip through <out>/model', async () => {
    const config = deeplabSid.presets.tiny.config;
    const built = deeplabSid.createModel(config);
    // Move the weights off their initial values so that loading the wrong ones would show.
    built.model.setWeights(built.model.getWeights().map((w, i) => tf.tidy(() => tf.add(w, tf.randomNormal(w.shape, 0, 0.01, 'float32', i)))));
    const dir = path.join(await mkdtemp(path.join(tmpdir(), 'dk-dls-')), 'model');
    await saveMethodModel(dir, built, { contractVersion: depthMethodContractVersion, method: 'deeplab-sid', preset: 'tiny', dataset: 'kitti', config, stride: built.stride });
    const loaded = await loadMethodModel(deeplabSid, dir);
    const images = tf.randomUniform([2, 50, 90, 3], -2, 2, 'float32', 7) as tf.Tensor4D;
    const a = predictDepth(deeplabSid, built, images, config);
    const b = predictDepth(deeplabSid, loaded.built, images, loaded.config);
    expect(a.shape).toEqual([2, 50, 90, 1]);
    expect(Array.from(b.dataSync())).toEqual(Array.from(a.dataSync()));
    expect(loaded.config).toEqual(config);
    // The arg-max read-out hides small weight differences: the logits must match too.
    const logitsA = built.model.predict(images) as tf.Tensor;
    const logitsB = loaded.built.model.predict(images) as tf.Tensor;
    expect(logitsA.shape).toEqual([2, 50, 90, 71]);
    expect(Array.from(logitsB.dataSync())).toEqual(Array.from(logitsA.dataSync()));
    tf.dispose([a, b, images, logitsA, logitsB]);
  });
});

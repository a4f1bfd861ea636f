import * as tf from '@tensorflow/tfjs-core';
import { depthMethodContractVersion, initEngine, loadMethodModel, predictDepth, saveMethodModel } from '@depthkit/core';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { segmentDepth } from '../src/method.js';

describe('segment-depth save → load', () => {
  beforeAll(async () => {
    await initEngine({ engine: 'wasm', log: false });
  });

  for (const mode of ['explicit', 'implicit', 'direct'] as const) {
    it(`gives identical predictions after a round trip through <out>/model (${mode})`, async () => {
      const config = { ...segmentDepth.presets.tiny.config, mode };
      const built = segmentDepth.createModel(config);
      // Move the weights off their initial values so that loading the wrong ones would show.
      built.model.setWeights(built.model.getWeights().map((w, i) => tf.tidy(() => tf.add(w, tf.randomNormal(w.shape, 0, 0.05, 'float32', i)))));
      const dir = path.join(await mkdtemp(path.join(tmpdir(), 'dk-segdepth-')), 'model');
      await saveMethodModel(dir, built, { contractVersion: depthMethodContractVersion, method: 'segment-depth', preset: 'tiny', dataset: 'synthia', config, stride: built.stride });
      const loaded = await loadMethodModel(segmentDepth, dir);
      const images = tf.randomUniform([2, 40, 70, 3], -2, 2, 'float32', 7) as tf.Tensor4D;
      const camera = { intrinsics: { fx: 70, fy: 70, cx: 35, cy: 20 } };
      const a = predictDepth(segmentDepth, built, images, config, camera);
      const b = predictDepth(segmentDepth, loaded.built, images, loaded.config, camera);
      expect(a.shape).toEqual([2, 40, 70, 1]);
      expect(tf.max(a).dataSync()[0]).toBeGreaterThan(0);
      expect(Array.from(b.dataSync())).toEqual(Array.from(a.dataSync()));
      expect(loaded.config).toEqual(config);
      tf.dispose([a, b, images]);
      built.model.dispose();
      loaded.built.model.dispose();
    });
  }
});

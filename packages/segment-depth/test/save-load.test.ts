import * as tf from '@tensorflow/tfjs-core';
import { initEngine, predictDepth } from '@depthkit/core';
import { saveAndReload } from '@depthkit/core/testing';
import { beforeAll, describe, expect, it } from 'vitest';
import { segmentDepth } from '../src/method.js';

describe('segment-depth save → load', () => {
  beforeAll(async () => {
    await initEngine({ engine: 'wasm', log: false });
  });

  for (const mode of ['explicit', 'implicit', 'direct'] as const) {
    it(`gives identical predictions after a round trip through <out>/model (${mode})`, async () => {
      const { config, built, loaded } = await saveAndReload(segmentDepth, 'tiny', { config: { ...segmentDepth.presets.tiny.config, mode }, jitter: 0.05 });
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

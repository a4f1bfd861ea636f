import * as tf from '@tensorflow/tfjs-core';
import { initEngine, predictDepth } from '@depthkit/core';
import { saveAndReload } from '@depthkit/core/testing';
import { beforeAll, describe, expect, it } from 'vitest';
import { hmaDepth } from '../src/method.js';

describe('HMA-Depth save → load', () => {
  beforeAll(async () => {
    await initEngine({ engine: 'wasm', log: false });
  });

  it('gives identical predictions after a round trip through <out>/model', async () => {
    const { config, built, loaded } = await saveAndReload(hmaDepth, 'tiny');
    const images = tf.randomUniform([2, 50, 90, 3], -2, 2, 'float32', 7) as tf.Tensor4D;
    const a = predictDepth(hmaDepth, built, images, config);
    const b = predictDepth(hmaDepth, loaded.built, images, loaded.config);
    expect(a.shape).toEqual([2, 50, 90, 1]);
    expect(Array.from(b.dataSync())).toEqual(Array.from(a.dataSync()));
    expect(loaded.config).toEqual(config);
    tf.dispose([a, b, images]);
  });
});

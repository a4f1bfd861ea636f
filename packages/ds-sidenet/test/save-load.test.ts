import * as tf from '@tensorflow/tfjs-core';
import { initEngine, predictDepth, saveAndReload } from '@depthkit/core';
import { beforeAll, describe, expect, it } from 'vitest';
import type { DsSidenetConfig } from '../src/config.js';
import { dsSidenet } from '../src/method.js';

describe('DS-SIDENet save → load', () => {
  beforeAll(async () => {
    await initEngine({ engine: 'wasm', log: false });
  });

  it('gives identical predictions after a round trip through <out>/model', async () => {
    const { config, built, loaded } = await saveAndReload(dsSidenet, 'tiny');
    const images = tf.randomUniform([2, 50, 90, 3], -2, 2, 'float32', 7) as tf.Tensor4D;
    const a = predictDepth(dsSidenet, built, images, config);
    const b = predictDepth(dsSidenet, loaded.built, images, loaded.config);
    expect(a.shape).toEqual([2, 50, 90, 1]);
    expect(Array.from(b.dataSync())).toEqual(Array.from(a.dataSync()));
    expect(loaded.config).toEqual(config);
    tf.dispose([a, b, images]);
  });

  it('round-trips the new knobs too: SHG, the fusion network (with its fixed bin layer) and padTo', async () => {
    const variant: DsSidenetConfig = { ...dsSidenet.presets.tiny.config, contextModule: 'shg', fusion: true, testBranch: 'fused', padTo: [64, 160] };
    const { config, built, loaded } = await saveAndReload(dsSidenet, 'tiny', { config: variant });
    const images = tf.randomUniform([1, 50, 90, 3], -2, 2, 'float32', 8) as tf.Tensor4D;
    const a = predictDepth(dsSidenet, built, images, config);
    const b = predictDepth(dsSidenet, loaded.built, images, loaded.config);
    expect(a.shape).toEqual([1, 50, 90, 1]);
    expect(Array.from(b.dataSync())).toEqual(Array.from(a.dataSync()));
    expect(loaded.config).toEqual(variant);
    tf.dispose([a, b, images]);
  });
});

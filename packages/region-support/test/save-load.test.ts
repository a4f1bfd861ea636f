import * as tf from '@tensorflow/tfjs-core';
import { initEngine, predictDepth } from '@depthkit/core';
import { saveAndReload } from '@depthkit/core/testing';
import { beforeAll, describe, expect, it } from 'vitest';
import { regionSupport } from '../src/method.js';
import { bandwidthOf } from '../src/predict.js';

describe('region-support save → load', () => {
  beforeAll(async () => {
    await initEngine({ engine: 'wasm', log: false });
  });

  it('restores the weights and δ_v: identical predictions after a round trip through <out>/model', async () => {
    // A δ_v wide enough to find regions in an untrained embedding; loading must not fall back to deltaV0.
    const { config, built, loaded } = await saveAndReload(regionSupport, 'tiny', { prepare: (b) => { bandwidthOf(b).deltaV = 6.4321; } });
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

import * as tf from '@tensorflow/tfjs-core';
import { initEngine, predictDepth } from '@depthkit/core';
import { saveAndReload } from '@depthkit/core/testing';
import { beforeAll, describe, expect, it } from 'vitest';
import type { DsSidenetConfig } from '../src/config.js';
import { dsSidenet } from '../src/method.js';

/** Saves the tiny preset (or `config`), loads it back, and checks predictions and config are identical. */
async function expectIdenticalAfterRoundTrip(batch: number, seed: number, config?: DsSidenetConfig): Promise<void> {
  const { config: saved, built, loaded } = await saveAndReload(dsSidenet, 'tiny', config ? { config } : undefined);
  const images = tf.randomUniform([batch, 50, 90, 3], -2, 2, 'float32', seed) as tf.Tensor4D;
  const a = predictDepth(dsSidenet, built, images, saved);
  const b = predictDepth(dsSidenet, loaded.built, images, loaded.config);
  expect(a.shape).toEqual([batch, 50, 90, 1]);
  expect(Array.from(b.dataSync())).toEqual(Array.from(a.dataSync()));
  expect(loaded.config).toEqual(config ?? saved);
  tf.dispose([a, b, images]);
}

describe('DS-SIDENet save → load', () => {
  beforeAll(async () => {
    await initEngine({ engine: 'wasm', log: false });
  });

  it('gives identical predictions after a round trip through <out>/model', async () => {
    await expectIdenticalAfterRoundTrip(2, 7);
  });

  it('round-trips the new knobs too: SHG, the fusion network (with its fixed bin layer) and padTo', async () => {
    await expectIdenticalAfterRoundTrip(1, 8, { ...dsSidenet.presets.tiny.config, contextModule: 'shg', fusion: true, testBranch: 'fused', padTo: [64, 160] });
  });
});

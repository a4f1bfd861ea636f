import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { beforeAll, describe, expect, it } from 'vitest';
import { initEngine } from '../engine/engine.js';
import { kittiSpec } from '../datasets/kitti-spec.js';
import { expectNoTensorLeak } from '../testing/index.js';
import { defineMethod, definePreset, type DepthMethod } from './depth-method.js';
import { predictDepth, strideFitPadding } from './predict-depth.js';

const tinyRecipe = {
  batchSize: 2, crop: [32, 64] as [number, number], steps: 10,
  optimizer: { type: 'adam' as const, lr: 1e-3 }, schedule: { type: 'constant' as const }, source: 'test',
};

/** A stand-in method whose network only works on inputs divisible by 8, and says so. */
function strideEightMethod(): DepthMethod<{ stride: number }> {
  return defineMethod({
    id: 'stride-eight',
    paper: { title: 'test', year: 2026, authors: ['depthkit'] },
    defaultConfig: { stride: 8 },
    presets: { tiny: definePreset({ name: 'tiny', dataset: kittiSpec, config: { stride: 8 }, training: tinyRecipe, description: 'test' }) },
    createModel: () => {
      const input = tfl.input({ shape: [null, null, 3] as unknown as number[] });
      return { model: tfl.model({ inputs: input, outputs: input }), stride: 8 };
    },
    loss: () => ({ total: tf.scalar(0) }),
    predict: (_built, images) => {
      const [, h, w] = images.shape;
      if (h % 8 !== 0 || w % 8 !== 0) throw new Error(`not a multiple of 8: ${h}×${w}`);
      // Depth = the first channel, so the crop-back can be checked value by value.
      return tf.slice(images, [0, 0, 0, 0], [-1, -1, -1, 1]);
    },
  });
}

describe('predictDepth', () => {
  beforeAll(async () => {
    await initEngine({ engine: 'wasm', log: false });
  });

  it('splits padding evenly', () => {
    expect(strideFitPadding(375, 32)).toEqual([4, 5]);
    expect(strideFitPadding(352, 32)).toEqual([0, 0]);
  });

  it('pads to the stride and crops back to the input pixels exactly', async () => {
    const method = strideEightMethod();
    const built = method.createModel(method.defaultConfig);
    await expectNoTensorLeak(() => {
      tf.tidy(() => {
        const images = tf.randomUniform([2, 13, 21, 3], 0, 1, 'float32', 3) as tf.Tensor4D;
        const depth = predictDepth(method, built, images, method.defaultConfig);
        expect(depth.shape).toEqual([2, 13, 21, 1]);
        expect(Array.from(depth.dataSync())).toEqual(Array.from(tf.slice(images, [0, 0, 0, 0], [-1, -1, -1, 1]).dataSync()));
      });
    });
  });

  it('refuses a method without the presets every method must have', () => {
    expect(() => defineMethod({ ...strideEightMethod(), presets: {} })).toThrow(/needs a 'tiny' preset/);
  });
});

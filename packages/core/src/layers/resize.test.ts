import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { beforeAll, describe, expect, it } from 'vitest';
import { initEngine } from '../engine/engine.js';
import { expectNoTensorLeak } from '../testing/index.js';
import { resize, resizeImages } from './resize.js';

describe('resize conventions', () => {
  beforeAll(async () => {
    await initEngine({ engine: 'wasm', log: false });
  });

  it('half-pixel ×2 of [0, 1] is PyTorch align_corners=False: [0, .25, .75, 1]', async () => {
    await expectNoTensorLeak(() => {
      const out = tf.tidy(() => resizeImages(tf.tensor4d([0, 1], [1, 1, 2, 1]), [1, 4]).dataSync());
      expect(Array.from(out)).toEqual([0, 0.25, 0.75, 1]);
    });
  });

  it('align-corners and legacy ×2 of [0, 1] follow their own grids', async () => {
    await expectNoTensorLeak(() => {
      const [a, l] = tf.tidy(() => {
        const x = tf.tensor4d([0, 1], [1, 1, 2, 1]);
        return [resizeImages(x, [1, 4], 'bilinear', 'align-corners').dataSync(), resizeImages(x, [1, 4], 'bilinear', 'legacy').dataSync()];
      });
      expect(Array.from(a).map((v) => +v.toFixed(6))).toEqual([0, 0.333333, 0.666667, 1]);
      expect(Array.from(l)).toEqual([0, 0.5, 1, 1]);
    });
  });

  it('the layer infers shapes and serialises under @depthkit/core', () => {
    const input = tfl.input({ shape: [3, 5, 2] });
    const layer = resize({ scale: [2, 3] });
    const out = layer.apply(input) as tfl.SymbolicTensor;
    expect(out.shape).toEqual([null, 6, 15, 2]);
    expect(layer.getConfig()).toMatchObject({ scale: [2, 3], interpolation: 'bilinear', convention: 'half-pixel' });
    expect(layer.getClassName()).toBe('@depthkit/core>Resize');
  });
});

import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { initEngine } from '../engine/engine.js';
import { expectNoTensorLeak } from '../testing/index.js';
import { stopGradient } from './stop-gradient.js';

describe('stopGradient', () => {
  beforeAll(async () => {
    await initEngine({ engine: 'wasm', log: false });
  });

  it('passes values and blocks gradients: d/dx [x · sg(x)] = sg(x)', async () => {
    await expectNoTensorLeak(() => {
      const [value, grad] = tf.tidy(() => {
        const x = tf.tensor1d([1, -2, 3]);
        const f = (t: tf.Tensor) => tf.sum(tf.mul(t, stopGradient(t)));
        return [f(x).dataSync()[0], Array.from(tf.grad(f)(x).dataSync())];
      });
      expect(value).toBe(14);
      expect(grad).toEqual([1, -2, 3]);
    });
  });
});

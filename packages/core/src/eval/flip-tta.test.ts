import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { initEngine } from '../engine/engine.js';
import { expectNoTensorLeak } from '../testing/index.js';
import { withFlipTta } from './flip-tta.js';

describe('withFlipTta', () => {
  beforeAll(async () => {
    await initEngine({ engine: 'cpu', log: false });
  });

  it('averages pred(x) and flip(pred(flip(x))), by hand', async () => {
    // A "model" that is not flip-equivariant: depth = x + column index.
    const predict = (x: tf.Tensor4D) => tf.tidy(() => tf.add(x, tf.reshape(tf.range(0, x.shape[2]), [1, 1, -1, 1])) as tf.Tensor4D);
    const x = tf.tensor4d([1, 2, 3], [1, 1, 3, 1]);
    const out = await expectNoTensorLeak(async () => {
      const y = await withFlipTta(predict)(x);
      const values = Array.from(await y.data());
      y.dispose();
      return values;
    });
    // pred(x) = [1, 3, 5]; flip(x) = [3, 2, 1] → pred = [3, 3, 3] → flipped back [3, 3, 3].
    expect(out).toEqual([2, 3, 4]);
    x.dispose();
  });

  it('is the identity for a flip-equivariant async model and leaks nothing', async () => {
    const predict = async (x: tf.Tensor4D) => tf.mul(x, 2) as tf.Tensor4D;
    const x = tf.randomUniform([2, 3, 5, 1], 1, 10, 'float32', 4) as tf.Tensor4D;
    const expected = Array.from(await tf.mul(x, 2).data());
    const out = await expectNoTensorLeak(async () => {
      const y = await withFlipTta(predict)(x);
      const values = Array.from(await y.data());
      y.dispose();
      return values;
    });
    out.forEach((v, i) => expect(v).toBeCloseTo(expected[i], 5));
    x.dispose();
  });
});

import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, it } from 'vitest';
import { addonStatus, expectLikeCpu, randomTensor, setUpOnednn, skipReason } from '../../test/helpers.js';

const shape = [2, 12, 20, 24];

describe.skipIf(!addonStatus.ok)(`onednn slice, split, pad and concat equal tfjs cpu${skipReason}`, () => {
  beforeAll(setUpOnednn);

  it('slice: channel ranges, spatial windows, batch rows, -1 sizes', async () => {
    await expectLikeCpu(() => {
      const x = randomTensor(shape, 1);
      return [tf.slice(x, [0, 0, 0, 4], [-1, -1, -1, 8]), tf.slice(x, [1, 3, 5, 0], [1, 7, 11, -1]), tf.slice(x, [1], [1]), tf.slice(tf.reshape(x, [2, 12 * 20 * 24]), [0, 100], [2, 3000])];
    }, 'slice');
  });

  it('split into equal groups and given sizes along every axis', async () => {
    await expectLikeCpu(() => {
      const x = randomTensor(shape, 2);
      return [...tf.split(x, 8, 3), ...tf.split(x, [5, 7], 1), ...tf.split(x, 2, 0), ...tf.split(x, [3, 17], 2)];
    }, 'split');
  });

  it('pad with zeros and with a constant, asymmetric', async () => {
    await expectLikeCpu(() => {
      const x = randomTensor(shape, 3);
      return [tf.pad(x, [[0, 0], [1, 2], [3, 0], [0, 0]]), tf.pad(x, [[1, 0], [0, 0], [2, 2], [0, 5]], -1.5)];
    }, 'pad');
  });

  it('concat along channels (skip connections), rows and batch, with an empty input', async () => {
    await expectLikeCpu(() => {
      const a = randomTensor(shape, 4);
      const b = randomTensor([2, 12, 20, 8], 5);
      return [tf.concat([a, b, a], 3), tf.concat([a, a], 1), tf.concat([a, a], 0), tf.concat([a, tf.zeros([2, 12, 20, 0])], 3)];
    }, 'concat');
  });

  it('zerosLike is all zeros, also in an array the buffer pool hands back used', async () => {
    await expectLikeCpu(() => {
      // A disposed tensor of the same size leaves its array to the pool, full of non-zeros.
      tf.tidy(() => tf.add(randomTensor(shape, 6), 3)).dispose();
      return [tf.zerosLike(randomTensor(shape, 7)), tf.zerosLike(randomTensor([3, 5], 8))];
    }, 'zerosLike', Number.MIN_VALUE);
  });

  it('unstack along every axis (ds-sidenet unstacks its class maps along channels)', async () => {
    await expectLikeCpu(() => {
      const x = randomTensor([2, 12, 20, 16], 9);
      return [...tf.unstack(x, 3), ...tf.unstack(x, 1), ...tf.unstack(x, 0), ...tf.unstack(x, 2), ...tf.unstack(randomTensor([3, 4], 10), 1)];
    }, 'unstack', Number.MIN_VALUE);
  });

  it('stack along every axis, unstack\'s inverse', async () => {
    await expectLikeCpu(() => {
      const parts = [1, 2, 3].map((seed) => randomTensor([2, 12, 20, 16], 20 + seed));
      return [0, 1, 2, 3, 4].map((axis) => tf.stack(parts, axis));
    }, 'stack', Number.MIN_VALUE);
  });
});

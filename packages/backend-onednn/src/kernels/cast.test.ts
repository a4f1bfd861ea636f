import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { addonStatus, expectLikeCpu, expectNoTensorLeak, randomTensor, setUpOnednn, skipReason } from '../../test/helpers.js';

describe.skipIf(!addonStatus.ok)(`onednn cast to float32 equals tfjs cpu${skipReason}`, () => {
  beforeAll(setUpOnednn);

  it('bool and int32 masks become float32 values, and products with them match', async () => {
    await expectLikeCpu(() => {
      const x = randomTensor([2, 30, 40, 8], 1);
      const mask = tf.cast(tf.greater(x, 0.2), 'float32');
      const ints = tf.cast(tf.cast(tf.mul(x, 10), 'int32'), 'float32');
      const rowMask = tf.cast(tf.less(tf.slice(x, [0, 0, 0, 0], [-1, -1, -1, 1]), 0), 'float32');
      return [mask, ints, tf.mul(x, mask), tf.mul(x, rowMask), tf.cast(tf.greater(randomTensor([7], 2), 0), 'float32')];
    }, 'cast', Number.MIN_VALUE);
  });

  it('stores a Float32Array that native kernels read, and leaks nothing', async () => {
    await tf.setBackend('onednn');
    await expectNoTensorLeak(() => {
      const mask = tf.tidy(() => tf.cast(tf.greater(randomTensor([4096], 3), 0), 'float32'));
      const values = (tf.backend() as unknown as { data: { get(id: object): { values: unknown } } }).data.get(mask.dataId).values;
      expect(values).toBeInstanceOf(Float32Array);
      mask.dispose();
    });
  });
});

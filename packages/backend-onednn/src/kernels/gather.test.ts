import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { addonStatus, expectLikeCpu, expectNoTensorLeak, randomTensor, setUpOnednn, skipReason } from '../../test/helpers.js';

/** Deterministic indices in [0, n), with repeats and in no order. */
function indices(count: number, n: number, seed: number): tf.Tensor1D {
  return tf.tensor1d(Int32Array.from({ length: count }, (_, i) => (i * 7919 + seed * 104729) % n), 'int32');
}

describe.skipIf(!addonStatus.ok)(`onednn gather equals tfjs cpu${skipReason}`, () => {
  beforeAll(setUpOnednn);

  it('gathers rows (region pooling\'s [pixels, channels] table lookups), inner axes and the last axis', async () => {
    await expectLikeCpu(() => {
      const table = randomTensor([97, 32], 1);
      const x = randomTensor([3, 40, 9, 5], 2);
      return [
        tf.gather(table, indices(5000, 97, 1)),
        tf.gather(x, indices(70, 40, 2), 1),
        tf.gather(x, indices(300, 5, 3), 3),
        tf.gather(x, indices(100, 3, 4), 0),
        tf.gather(x, tf.tensor2d(Array.from({ length: 60 }, (_, i) => (i * 5) % 9), [6, 10], 'int32'), 2),
      ];
    }, 'gather', Number.MIN_VALUE);
  });

  it('runs natively for float32 (the addon is called), not through the fallback', async () => {
    await tf.setBackend('onednn');
    const addon = (tf.backend() as unknown as { addon: { gatherRows: (...a: unknown[]) => boolean } }).addon;
    const original = addon.gatherRows;
    let calls = 0;
    addon.gatherRows = (...a) => (calls++, original.apply(addon, a));
    try {
      tf.tidy(() => tf.gather(randomTensor([97, 32], 1), indices(5000, 97, 1)).dataSync());
    } finally {
      addon.gatherRows = original;
    }
    expect(calls).toBe(1);
  });

  it('random shapes and axes', async () => {
    for (let seed = 1; seed <= 6; seed++) {
      const rank = 1 + (seed % 4);
      const shape = Array.from({ length: rank }, (_, d) => 2 + ((seed * 13 + d * 7) % 11));
      const axis = seed % rank;
      await expectLikeCpu(() => tf.gather(randomTensor(shape, seed), indices(400 + seed * 50, shape[axis], seed), axis), `gather ${shape} axis ${axis}`, Number.MIN_VALUE);
    }
  });

  it('leaves out-of-range indices to tfjs, which names them, and leaks nothing', async () => {
    await tf.setBackend('onednn');
    await expectNoTensorLeak(() => {
      const table = randomTensor([10, 300], 3);
      const bad = tf.tensor1d([0, 3, 10], 'int32');
      expect(() => tf.gather(table, bad)).toThrow(/10/);
      tf.dispose([table, bad]);
    });
  });
});

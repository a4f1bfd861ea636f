import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { initEngine } from '../engine.js';
import { expectNoTensorLeak } from '../../testing/index.js';
import type { WasmBackendLike } from './backend-memory.js';

describe('wasm Identity shares its input buffer', () => {
  beforeAll(async () => {
    await initEngine({ engine: 'wasm', log: false });
  });

  it('a clone reuses the heap buffer, and outlives the original', async () => {
    await expectNoTensorLeak(() => {
      const x = tf.tensor2d([[1, -2, 3], [4, 5, -6]]);
      const buffersBefore = tf.memory().numDataBuffers;
      const copy = tf.clone(x);
      // The stock wasm kernel allocates and copies: one more buffer.
      expect(tf.memory().numDataBuffers).toBe(buffersBefore);
      const heap = (t: tf.Tensor) => (tf.backend() as unknown as WasmBackendLike).typedArrayFromHeap(t).byteOffset;
      expect(heap(copy)).toBe(heap(x));
      x.dispose();
      expect(Array.from(copy.dataSync())).toEqual([1, -2, 3, 4, 5, -6]);
      expect(copy.shape).toEqual([2, 3]);
      copy.dispose();
    });
  });

  it('the tape keeps one buffer for a tensor that several ops save', async () => {
    await expectNoTensorLeak(() => {
      const x = tf.tensor1d([0.5, -1, 2]);
      let buffersWhileTaped = 0;
      const buffersBefore = tf.memory().numDataBuffers;
      const grad = tf.grad((t: tf.Tensor) => {
        // x · x · x: three Multiply nodes each save x; with copies that is 3 more buffers.
        const y = tf.mul(tf.mul(t, t), t);
        buffersWhileTaped = tf.memory().numDataBuffers - buffersBefore;
        return tf.sum(y);
      })(x);
      expect(Array.from(grad.dataSync())).toEqual([0.75, 3, 12]);
      // t·t and its product: 2 results; the saved copies of x add none.
      expect(buffersWhileTaped).toBe(2);
      tf.dispose([x, grad]);
    });
  });
});

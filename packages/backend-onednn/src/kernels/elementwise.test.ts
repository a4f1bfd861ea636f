import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { mergeBroadcastDims, mergeReduceDims } from './elementwise.js';
import { addonStatus, expectLikeCpu, randomTensor, setUpOnednn, skipReason } from '../../test/helpers.js';

const big = [2, 24, 40, 16];

describe.skipIf(!addonStatus.ok)(`onednn elementwise kernels equal tfjs cpu${skipReason}`, () => {
  beforeAll(setUpOnednn);

  const binaries = { add: tf.add, sub: tf.sub, mul: tf.mul, div: tf.div, maximum: tf.maximum, minimum: tf.minimum } as const;
  for (const [name, op] of Object.entries(binaries)) {
    for (const other of [big, [16], [1, 1, 40, 16], [], [2, 1, 1, 16], [2, 24, 40, 1]]) {
      it(`${name} [${big}] with [${other}], both orders`, async () => {
        await expectLikeCpu(() => {
          const a = randomTensor(big, 1);
          // Divisors away from 0, so the check compares arithmetic, not 1/ε blow-ups.
          const b = name === 'div' ? tf.add(tf.abs(randomTensor(other, 2)), 0.5) : randomTensor(other, 2);
          return [op(a, b), op(b, a)];
        }, `${name} [${other}]`);
      });
    }
  }

  for (const name of ['relu', 'exp', 'log', 'sqrt', 'tanh', 'sigmoid', 'square', 'abs', 'elu', 'neg', 'relu6', 'rsqrt'] as const) {
    it(name, async () => {
      await expectLikeCpu(() => {
        const x = randomTensor(big, 3);
        const input = ['log', 'sqrt', 'rsqrt'].includes(name) ? tf.add(tf.abs(x), 0.1) : x;
        return (tf[name] as (t: tf.Tensor) => tf.Tensor)(input);
      }, name);
    });
  }

  it('EluGrad (from the output) equals cpu', async () => {
    await expectLikeCpu(() => {
      const y = tf.elu(randomTensor(big, 7));
      return tf.engine().runKernel('EluGrad', { dy: randomTensor(big, 8), y }) as tf.Tensor;
    }, 'EluGrad');
  });

  it('leakyRelu', async () => {
    await expectLikeCpu(() => tf.leakyRelu(randomTensor(big, 3), 0.15), 'leakyRelu');
  });

  for (const axes of [[0, 1, 2], [3], [1, 2], [0], [0, 1, 2, 3]]) {
    it(`sum, mean, max, min over axes [${axes}], with and without keepDims`, async () => {
      await expectLikeCpu(() => {
        const x = randomTensor(big, 4);
        return [tf.sum(x, axes), tf.mean(x, axes, true), tf.max(x, axes), tf.min(x, axes, true)];
      }, `axes ${axes}`);
    });
  }

  // GroupNorm's moments ([B, H, W, G, C/G] over H, W, C/G, with a size-1 group axis) and
  // interleaved reduced/kept axes, which the kernel merges before calling oneDNN.
  for (const [shape, axes] of [[[2, 24, 40, 1, 16], [1, 2, 4]], [[2, 24, 40, 4, 4], [1, 2, 4]], [[2, 1, 24, 40, 16], [0, 2]], [[1, 24, 40, 16], [1, 2, 3]]] as Array<[number[], number[]]>) {
    it(`sum, mean, max, min of [${shape}] over axes [${axes}]`, async () => {
      await expectLikeCpu(() => {
        const x = randomTensor(shape, 9);
        return [tf.sum(x, axes), tf.mean(x, axes, true), tf.max(x, axes), tf.min(x, axes, true)];
      }, `[${shape}] axes ${axes}`);
    });
  }

  // GroupNorm's centring and scaling at batch 2 ([B, 1, 1, 1, 1] and [B, 1, 1, G, 1] onto
  // [B, H, W, G, C/G]), which the kernel merges to 2-D/4-D before calling oneDNN.
  for (const [shape, other] of [[[2, 24, 40, 1, 16], [2, 1, 1, 1, 1]], [[2, 24, 40, 4, 4], [2, 1, 1, 4, 1]], [[2, 24, 40, 16], [2, 1, 40, 1]]] as Array<[number[], number[]]>) {
    it(`sub, mul, div of [${shape}] with [${other}], both orders`, async () => {
      await expectLikeCpu(() => {
        const a = randomTensor(shape, 10);
        const b = tf.add(tf.abs(randomTensor(other, 11)), 0.5);
        return [tf.sub(a, b), tf.sub(b, a), tf.mul(a, b), tf.div(a, b)];
      }, `[${shape}] with [${other}]`);
    });
  }

  it('merges size-1 dims and same-kind neighbours of a broadcast', () => {
    expect(mergeBroadcastDims([2, 24, 40, 1, 16], [2, 1, 1, 1, 1])).toEqual({ aDims: [2, 15360], bDims: [2, 1] });
    expect(mergeBroadcastDims([2, 24, 40, 4, 4], [2, 1, 1, 4, 1])).toEqual({ aDims: [2, 960, 4, 4], bDims: [2, 1, 4, 1] });
    expect(mergeBroadcastDims([2, 24, 40, 16], [1, 24, 1, 16])).toEqual({ aDims: [2, 24, 40, 16], bDims: [1, 24, 1, 16] });
  });

  it('merges size-1 dims and same-kind neighbours of a reduction', () => {
    expect(mergeReduceDims([2, 24, 40, 1, 16], [2, 1, 1, 1, 1])).toEqual({ xDims: [2, 15360], outDims: [2, 1] });
    expect(mergeReduceDims([2, 24, 40, 4, 4], [2, 1, 1, 4, 1])).toEqual({ xDims: [2, 960, 4, 4], outDims: [2, 1, 4, 1] });
    expect(mergeReduceDims([6, 5, 1, 3], [1, 1, 1, 3])).toEqual({ xDims: [30, 3], outDims: [1, 3] });
    expect(mergeReduceDims([1, 1], [1, 1])).toEqual({ xDims: [1], outDims: [1] });
  });

  it('small tensors and integer tensors take tfjs cpu kernels and still agree', async () => {
    await expectLikeCpu(() => [tf.add(randomTensor([3, 4], 5), randomTensor([4], 6)), tf.cast(tf.add(tf.tensor1d([1, 2], 'int32'), 3), 'float32')], 'fallbacks');
  });

  it('softmax over the last axis, with large and with very negative logits', async () => {
    await expectLikeCpu(() => {
      const logits = tf.mul(randomTensor([2, 24, 40, 81], 11), 20);
      return [tf.softmax(logits), tf.softmax(randomTensor([2, 13, 81], 12)), tf.softmax(tf.sub(randomTensor([64, 40], 13), 500)), tf.softmax(randomTensor([4, 8], 14))];
    }, 'softmax', 1e-6);
  });
});

import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, it } from 'vitest';
import { addonStatus, expectLikeCpu, randomTensor, setUpOnednn, skipReason } from '../../test/helpers.js';

describe.skipIf(!addonStatus.ok)(`onednn matrix products equal tfjs cpu${skipReason}`, () => {
  beforeAll(setUpOnednn);

  for (const [aShape, bShape, ta, tb] of [
    [[7, 5], [5, 9], false, false],
    [[5, 7], [5, 9], true, false],
    [[7, 5], [9, 5], false, true],
    [[5, 7], [9, 5], true, true],
    [[3, 6, 4], [3, 4, 8], false, false],
    [[3, 6, 4], [4, 8], false, false],
    [[4, 6], [2, 3, 6, 5], false, false],
    [[2, 3, 4, 6], [2, 3, 5, 4], true, true],
    [[1, 300, 64], [1, 64, 200], false, false],
  ] as const) {
    it(`BatchMatMul a[${aShape}]${ta ? 'ᵀ' : ''} · b[${bShape}]${tb ? 'ᵀ' : ''}`, async () => {
      await expectLikeCpu(() => tf.matMul(randomTensor([...aShape], 1), randomTensor([...bShape], 2), ta, tb), 'matmul');
    });
  }

  for (const activation of ['linear', 'relu', 'elu', 'relu6', 'sigmoid', 'leakyrelu'] as const) {
    it(`_FusedMatMul with bias and ${activation}`, async () => {
      await expectLikeCpu(() => tf.fused.matMul({
        a: randomTensor([2, 6, 5], 3), b: randomTensor([2, 7, 5], 4), transposeB: true,
        bias: randomTensor([7], 5), activation, leakyreluAlpha: 0.1,
      }), activation);
    });
  }

  it('_FusedMatMul with a bias that is not per column falls back to tfjs', async () => {
    await expectLikeCpu(() => tf.fused.matMul({ a: randomTensor([6, 5], 3), b: randomTensor([5, 7], 4), bias: randomTensor([6, 7], 5), activation: 'relu' }), 'matrix bias');
  });
});

import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { addonStatus, dot, expectLikeCpu, randomTensor, runOn, setUpOnednn, skipReason } from '../../test/helpers.js';

const run = (name: string, inputs: tf.NamedTensorMap, attrs: object) => tf.engine().runKernel(name, inputs, attrs as tf.NamedAttrMap) as tf.Tensor4D;

describe.skipIf(!addonStatus.ok)(`onednn pooling${skipReason}`, () => {
  beforeAll(setUpOnednn);

  for (const [size, stride, pad] of [[2, 2, 'valid'], [3, 2, 'same'], [3, 1, 'same'], [3, 2, 'valid'], [5, 3, 'same']] as const) {
    const attrs = { filterSize: [size, size], strides: [stride, stride], pad, dimRoundingMode: undefined };
    it(`MaxPool, AvgPool and MaxPoolGrad ${size}×${size} stride ${stride} ${pad} equal cpu`, async () => {
      await expectLikeCpu(() => {
        const x = randomTensor([2, 13, 17, 5], 1);
        const y = run('MaxPool', { x }, attrs);
        const dy = randomTensor(y.shape, 2);
        return [y, run('AvgPool', { x }, attrs), run('MaxPoolGrad', { dy, input: x, output: y }, attrs)];
      }, 'pool');
    });

    it(`AvgPoolGrad ${size}×${size} stride ${stride} ${pad} is AvgPool's adjoint`, async () => {
      // tfjs's cpu AvgPoolGrad divides by the whole window at padded borders, which is not
      // the gradient of its own forward (that averages over the valid taps): checked here as
      // an adjoint, and against cpu where no window is padded.
      const { values: [x, y, dy, dx] } = await runOn('onednn', () => {
        const input = randomTensor([2, 13, 17, 5], 3);
        const out = run('AvgPool', { x: input }, attrs);
        const g = randomTensor(out.shape, 4);
        return [input, out, g, run('AvgPoolGrad', { dy: g, input }, attrs)];
      });
      expect(Math.abs(dot(x, dx) - dot(y, dy)) / Math.abs(dot(y, dy))).toBeLessThan(1e-4);
      if (pad === 'valid') {
        await expectLikeCpu(() => {
          const input = randomTensor([2, 13, 17, 5], 3);
          return run('AvgPoolGrad', { dy: randomTensor(run('AvgPool', { x: input }, attrs).shape, 4), input }, attrs);
        }, 'avg grad');
      }
    });
  }
});

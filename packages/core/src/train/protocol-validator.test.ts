import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { beforeAll, describe, expect, it } from 'vitest';
import { initEngine } from '../engine/engine.js';
import { expectNoTensorLeak } from '../testing/index.js';
import type { Batch } from '../datasets/pipeline/batch.js';
import type { FitConfig } from './fit-config.js';
import { protocolValidator } from './protocol-validator.js';

function batch(step: number): Batch {
  const depth = tf.tidy(() => tf.add(tf.randomUniform([2, 6, 6, 1], 0, 1, 'float32', step), 1) as tf.Tensor4D);
  const images = tf.zeros([2, 6, 6, 3]) as tf.Tensor4D;
  return { images, depth, meta: { epoch: 0, step, indices: [0, 1], ids: ['a', 'b'], intrinsics: [], augment: [] }, dispose: () => tf.dispose([images, depth]) };
}

describe('protocolValidator', () => {
  beforeAll(async () => {
    await initEngine({ engine: 'wasm', log: false });
  });

  it('scores predictions through the evaluation protocol', async () => {
    const input = tfl.input({ shape: [6, 6, 3] });
    const model = tfl.model({ inputs: input, outputs: input });
    const captured: tf.Tensor4D[] = [];
    const validate = protocolValidator({
      protocol: 'nyu-none',
      data: async function* () {
        for (let s = 0; s < 3; s++) {
          const b = batch(s);
          captured.push(b.depth!.clone());
          yield b;
        }
      },
      // A prediction 10% too deep everywhere: abs_rel 0.1, every ratio inside δ < 1.25.
      predict: () => {
        const gt = captured.shift()!;
        const pred = tf.mul(gt, 1.1) as tf.Tensor4D;
        gt.dispose();
        return pred;
      },
    });
    // It plugs straight into fit().
    const asFitValidate: FitConfig['validate'] = validate;
    expect(asFitValidate).toBe(validate);
    const metrics = await expectNoTensorLeak(() => validate(model));
    expect(metrics.abs_rel).toBeCloseTo(0.1, 5);
    expect(metrics.d1).toBe(1);
  });
});

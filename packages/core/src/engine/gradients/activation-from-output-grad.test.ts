import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { initEngine } from '../engine.js';
import { expectNoTensorLeak, testedEngines } from '../../testing/index.js';

const x = [-2, -0.5, 0, 0.25, 3];
const dy = [1, 2, 3, 4, 5];

for (const engine of await testedEngines()) {
  describe(`ReLU / LeakyReLU gradients from the output on ${engine}`, () => {
    it('are installed in place of tfjs\'s input-saving ones', async () => {
      await initEngine({ engine, log: false });
      for (const name of ['Relu', 'LeakyRelu']) {
        const config = tf.getGradient(name)!;
        expect(config.outputsToSave, name).toEqual([true]);
        expect(config.inputsToSave ?? [], name).toEqual([]);
      }
    });

    it('match the hand-computed derivatives (0 at x = 0, as tfjs)', async () => {
      await initEngine({ engine, log: false });
      await expectNoTensorLeak(() => {
        tf.tidy(() => {
          const input = tf.tensor1d(x);
          const upstream = tf.tensor1d(dy);
          const relu = tf.grad((t: tf.Tensor) => tf.sum(tf.mul(tf.relu(t), upstream)))(input);
          expect(Array.from(relu.dataSync())).toEqual([0, 0, 0, 4, 5]);
          for (const alpha of [0.2, 0]) {
            const leaky = tf.grad((t: tf.Tensor) => tf.sum(tf.mul(tf.leakyRelu(t, alpha), upstream)))(input);
            const expected = x.map((v, i) => (v > 0 ? dy[i] : alpha * dy[i]));
            Array.from(leaky.dataSync()).forEach((v, i) => expect(v, `α ${alpha}, x ${x[i]}`).toBeCloseTo(expected[i], 6));
          }
        });
      });
    });

    it('refuse a negative LeakyReLU slope, which hides the sign', async () => {
      await initEngine({ engine, log: false });
      // No leak check here: tfjs leaves the tape's saved tensors behind when a gradient throws.
      const input = tf.tensor1d(x);
      expect(() => tf.grad((t: tf.Tensor) => tf.sum(tf.leakyRelu(t, -0.1)))(input)).toThrow(/alpha >= 0/);
      input.dispose();
    });
  });
}

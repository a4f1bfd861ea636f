import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
// Registers tfjs's gradients (tfjs-core alone does not).
import '@tensorflow/tfjs-layers';
import { beforeAll, describe, expect, it } from 'vitest';
import { frugalVariableGrads } from './frugal-gradients.js';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

/** A loss that reuses tensors (x twice in one op, a branch read by two ops), a customGrad passing dy on, and a dead branch. */
function loss(w: tf.Variable, v: tf.Variable, unused: tf.Variable): tf.Scalar {
  const passDy = tf.customGrad((a, save) => {
    (save as tf.GradSaveFunc)([a as tf.Tensor]);
    return { value: tf.relu(a as tf.Tensor), gradFunc: (dy) => dy as tf.Tensor };
  });
  const h = tf.matMul(tf.tanh(tf.matMul(x(), w)), v);
  const twice = tf.add(h, h);
  const branch = tf.sigmoid(twice);
  const out = tf.add(tf.mul(branch, passDy(twice) as tf.Tensor), tf.square(branch));
  tf.mul(unused, 2);
  return tf.mean(tf.sum(out, 1)) as tf.Scalar;
}

let xs: tf.Tensor2D | undefined;
const x = () => (xs ??= tf.randomNormal([5, 4], 0, 1, 'float32', 3) as tf.Tensor2D);

describe('frugalVariableGrads', () => {
  it('gives tfjs variableGrads\' value and gradients, and leaks nothing', () => {
    x();
    const w = tf.variable(tf.randomNormal([4, 6], 0, 1, 'float32', 1), true, 'fg_w');
    const v = tf.variable(tf.randomNormal([6, 3], 0, 1, 'float32', 2), true, 'fg_v');
    const unused = tf.variable(tf.ones([2]), true, 'fg_unused');
    const reference = tf.variableGrads(() => loss(w, v, unused), [w, v, unused]);
    const before = tf.memory().numTensors;
    const frugal = frugalVariableGrads(() => loss(w, v, unused), [w, v, unused]);
    expect(tf.memory().numTensors - before).toBe(3); // the value and two gradients
    expect(frugal.value.dataSync()[0]).toBeCloseTo(reference.value.dataSync()[0], 6);
    expect(Object.keys(frugal.grads).sort()).toEqual(['fg_v', 'fg_w']);
    for (const name of ['fg_w', 'fg_v']) {
      const a = frugal.grads[name].dataSync();
      const b = reference.grads[name].dataSync();
      expect(Array.from(a)).toEqual(Array.from(b));
    }
    tf.dispose([frugal.value, reference.value, ...Object.values(frugal.grads), ...Object.values(reference.grads), w, v, unused]);
  });

  it('says so when no variable reaches the loss', () => {
    const w = tf.variable(tf.ones([2]), true, 'fg_lonely');
    const before = tf.memory().numTensors;
    expect(() => frugalVariableGrads(() => tf.scalar(1), [w])).toThrow(/connection between any variable/);
    expect(tf.memory().numTensors).toBe(before);
    w.dispose();
  });
});

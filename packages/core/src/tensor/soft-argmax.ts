import * as tf from '@tensorflow/tfjs-core';

/**
 * Differentiable arg-max over the last axis: Σ_k softmax(logits/τ)_k · values_k. With `values`
 * the bin depths it is the expected depth of a classification head; τ → 0 approaches argmax.
 */
export function softArgmax(logits: tf.Tensor, values: number[] | tf.Tensor1D, temperature = 1): tf.Tensor {
  return tf.tidy(() => {
    const v = Array.isArray(values) ? tf.tensor1d(values) : values;
    return tf.sum(tf.mul(tf.softmax(tf.div(logits, temperature)), v), -1, true);
  });
}

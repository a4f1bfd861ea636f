import * as tf from '@tensorflow/tfjs-core';
import { standardise, standardiseGrad } from './standardise.js';

export interface BatchNormTrainingResult {
  y: tf.Tensor;
  /** Batch statistics (biased variance), kept for the caller's moving averages. */
  mean: tf.Tensor1D;
  variance: tf.Tensor1D;
}

/**
 * Training-mode batch normalisation over every axis but the last, with the closed-form
 * gradient of `standardiseGrad` (for dx̂ = γ·dy). Differentiating `moments` + `batchNorm`
 * op by op (what tfjs-layers does) costs about twice the full-size tensor passes.
 * `mean` and `variance` are returned kept; the caller disposes them.
 */
export function batchNormTraining(
  x: tf.Tensor, gamma: tf.Tensor1D, beta: tf.Tensor1D, epsilon: number,
): BatchNormTrainingResult {
  const axes = x.shape.slice(0, -1).map((_, i) => i);
  const count = x.shape.slice(0, -1).reduce((a, b) => a * b, 1);
  let stats: { mean: tf.Tensor1D; variance: tf.Tensor1D } | undefined;
  const forward = tf.customGrad((input, scale, offset, save) => {
    const { normalised, mean, variance, invStd } = standardise(input as tf.Tensor, axes, epsilon);
    const perChannel = (t: tf.Tensor) => tf.keep(tf.reshape(t, [-1])) as tf.Tensor1D;
    stats = { mean: perChannel(mean), variance: perChannel(variance) };
    (save as tf.GradSaveFunc)([normalised, invStd, scale as tf.Tensor]);
    return {
      value: tf.add(tf.mul(normalised, scale as tf.Tensor), offset as tf.Tensor),
      gradFunc: (dy, saved) => {
        const [xhat, inv, g] = saved;
        const dyT = dy as tf.Tensor;
        const dx = standardiseGrad(tf.mul(dyT, g), xhat, inv, axes, count);
        return [dx, tf.sum(tf.mul(dyT, xhat), axes), tf.sum(dyT, axes)];
      },
    };
  });
  const y = forward(x, gamma, beta);
  return { y, mean: stats!.mean, variance: stats!.variance };
}

import * as tf from '@tensorflow/tfjs-core';

export interface BatchNormTrainingResult {
  y: tf.Tensor;
  /** Batch statistics (biased variance), kept for the caller's moving averages. */
  mean: tf.Tensor1D;
  variance: tf.Tensor1D;
}

/**
 * Training-mode batch normalisation over every axis but the last, with the closed-form
 * gradient dx = γ·σ⁻¹/n · (n·dy − Σdy − x̂·Σ(dy·x̂)). Differentiating `moments` + `batchNorm`
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
    const xs = input as tf.Tensor;
    const mean = tf.mean(xs, axes) as tf.Tensor1D;
    const centred = tf.sub(xs, mean);
    const variance = tf.mean(tf.square(centred), axes) as tf.Tensor1D;
    const invStd = tf.rsqrt(tf.add(variance, epsilon));
    const normalised = tf.mul(centred, invStd);
    stats = { mean: tf.keep(mean), variance: tf.keep(variance) };
    (save as tf.GradSaveFunc)([normalised, invStd, scale as tf.Tensor]);
    return {
      value: tf.add(tf.mul(normalised, scale as tf.Tensor), offset as tf.Tensor),
      gradFunc: (dy, saved) => {
        const [xhat, inv, g] = saved;
        const dyT = dy as tf.Tensor;
        const sumDy = tf.sum(dyT, axes);
        const sumDyXhat = tf.sum(tf.mul(dyT, xhat), axes);
        const k = tf.div(tf.mul(g, inv), count);
        const dx = tf.mul(tf.sub(tf.sub(tf.mul(dyT, count), sumDy), tf.mul(xhat, sumDyXhat)), k);
        return [dx, sumDyXhat, sumDy];
      },
    };
  });
  const y = forward(x, gamma, beta);
  return { y, mean: stats!.mean, variance: stats!.variance };
}

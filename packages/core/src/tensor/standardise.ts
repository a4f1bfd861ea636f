import * as tf from '@tensorflow/tfjs-core';

export interface Standardised {
  /** x̂ = (x − mean)·invStd, the shape of x. */
  normalised: tf.Tensor;
  /** Statistics over `axes`, kept as size-1 axes so that they broadcast against x. */
  mean: tf.Tensor;
  variance: tf.Tensor;
  invStd: tf.Tensor;
}

/** (x − mean)/sqrt(var + ε) over `axes` with the biased variance: the forward half of batch and group norm. */
export function standardise(x: tf.Tensor, axes: number[], epsilon: number): Standardised {
  const mean = tf.mean(x, axes, true);
  const centred = tf.sub(x, mean);
  const variance = tf.mean(tf.square(centred), axes, true);
  const invStd = tf.rsqrt(tf.add(variance, epsilon));
  return { normalised: tf.mul(centred, invStd), mean, variance, invStd };
}

/**
 * dL/dx of `standardise` from dL/dx̂ in closed form, over the m values behind each statistic:
 * dx = σ⁻¹/m · (m·dx̂ − Σdx̂ − x̂·Σ(dx̂·x̂)). It needs x̂ and σ⁻¹ only, which is why batch and group
 * norm save just those for the backward pass instead of tfjs's op-by-op intermediates.
 */
export function standardiseGrad(dxhat: tf.Tensor, xhat: tf.Tensor, invStd: tf.Tensor, axes: number[], count: number): tf.Tensor {
  const sumD = tf.sum(dxhat, axes, true);
  const sumDX = tf.sum(tf.mul(dxhat, xhat), axes, true);
  return tf.mul(tf.sub(tf.sub(tf.mul(dxhat, count), sumD), tf.mul(xhat, sumDX)), tf.div(invStd, count));
}

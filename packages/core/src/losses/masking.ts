import * as tf from '@tensorflow/tfjs-core';

/**
 * The float 0/1 mask of pixels a loss sees: the given mask, else every pixel with target > 0
 * (depth GT stores "no measurement" as 0).
 */
export function validMask(target: tf.Tensor, mask?: tf.Tensor): tf.Tensor {
  return tf.tidy(() => tf.cast(mask != null ? tf.greater(mask, 0) : tf.greater(target, 0), 'float32'));
}

/** Σ(values·mask) / max(Σmask, 1): an all-invalid batch gives 0, never NaN. */
export function maskedMean(values: tf.Tensor, mask: tf.Tensor): tf.Scalar {
  return tf.tidy(() => tf.div(tf.sum(tf.mul(values, mask)), tf.maximum(tf.sum(mask), 1)) as tf.Scalar);
}

/** Replaces masked-out entries by `fill` so that log / division never see them. */
export function fillInvalid(values: tf.Tensor, mask: tf.Tensor, fill: number): tf.Tensor {
  return tf.tidy(() => tf.where(tf.cast(mask, 'bool'), values, tf.fill(values.shape, fill)));
}

export interface MaskedLossOptions {
  /** 1 where the target is valid. Default: target > 0. */
  mask?: tf.Tensor;
}

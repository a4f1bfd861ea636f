import * as tf from '@tensorflow/tfjs-core';
import { maskedMean } from './masking.js';

export interface WeightedBceOptions {
  /** Weight of the positive term (class imbalance). Default 1. */
  posWeight?: number;
  /** `pred` holds logits (numerically stable path) rather than probabilities. Default false. */
  fromLogits?: boolean;
  /** Pixels that count (1) or not (0); default every pixel. */
  mask?: tf.Tensor;
  /** Probabilities are clamped to [eps, 1 − eps]. Default 1e-7. */
  epsilon?: number;
}

/** −[w·y·log p + (1 − y)·log(1 − p)], averaged over the mask. */
export function weightedBceLoss(pred: tf.Tensor, target: tf.Tensor, options: WeightedBceOptions = {}): tf.Scalar {
  const { posWeight = 1, fromLogits = false, epsilon = 1e-7 } = options;
  return tf.tidy(() => {
    const [logP, log1mP] = fromLogits
      ? [tf.neg(tf.softplus(tf.neg(pred))), tf.neg(tf.softplus(pred))]
      : [tf.log(tf.clipByValue(pred, epsilon, 1 - epsilon)), tf.log(tf.sub(1, tf.clipByValue(pred, epsilon, 1 - epsilon)))];
    const values = tf.neg(tf.add(tf.mul(posWeight, tf.mul(target, logP)), tf.mul(tf.sub(1, target), log1mP)));
    const mask = options.mask != null ? tf.cast(tf.greater(options.mask, 0), 'float32') : tf.onesLike(values);
    return maskedMean(values, mask);
  });
}

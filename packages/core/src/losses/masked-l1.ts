import * as tf from '@tensorflow/tfjs-core';
import { maskedMean, validMask, type MaskedLossOptions } from './masking.js';

/** Mean |pred − target| over valid pixels. */
export function maskedL1Loss(pred: tf.Tensor, target: tf.Tensor, options: MaskedLossOptions = {}): tf.Scalar {
  return tf.tidy(() => maskedMean(tf.abs(tf.sub(pred, target)), validMask(target, options.mask)));
}

export interface SmoothL1Options extends MaskedLossOptions {
  /** Where the quadratic part ends (PyTorch's `beta`). Default 1. */
  beta?: number;
}

/** PyTorch's smooth L1: 0.5x²/β for |x| < β, |x| − 0.5β beyond, averaged over valid pixels. */
export function smoothL1Loss(pred: tf.Tensor, target: tf.Tensor, options: SmoothL1Options = {}): tf.Scalar {
  const { beta = 1 } = options;
  return tf.tidy(() => {
    const x = tf.abs(tf.sub(pred, target));
    // With m = min(x, β), 0.5m²/β + (x − m) is the piecewise form without a comparison on the
    // gradient path (tfjs cannot differentiate one).
    const m = tf.minimum(x, beta);
    const values = tf.add(tf.div(tf.mul(0.5, tf.square(m)), beta), tf.sub(x, m));
    return maskedMean(values, validMask(target, options.mask));
  });
}

import * as tf from '@tensorflow/tfjs-core';
import { stopGradient } from '../tensor/stop-gradient.js';
import { maskedMean, validMask, type MaskedLossOptions } from './masking.js';

export interface BerHuOptions extends MaskedLossOptions {
  /** c = threshold · max |pred − target| over the batch's valid pixels. Default 0.2 (Laina). */
  threshold?: number;
}

/**
 * Reverse Huber (Laina et al. 2016): |x| for |x| ≤ c, (x² + c²)/(2c) beyond, on valid pixels.
 * c is recomputed per batch and treated as a constant, as in Laina's implementation.
 */
export function berHuLoss(pred: tf.Tensor, target: tf.Tensor, options: BerHuOptions = {}): tf.Scalar {
  const { threshold = 0.2 } = options;
  return tf.tidy(() => {
    const mask = validMask(target, options.mask);
    const x = tf.mul(tf.abs(tf.sub(pred, target)), mask);
    const cConst = stopGradient(tf.maximum(tf.mul(threshold, tf.max(x)), 1e-12));
    // Piecewise without a comparison on the gradient path (tfjs cannot differentiate one):
    // with u = max(x, c), (u² + c²)/(2c) − (u − x) is x for x ≤ c and (x² + c²)/(2c) beyond.
    // max(x, c) as x + relu(c − x): tfjs's Maximum gradient does not undo broadcasting.
    const u = tf.add(x, tf.relu(tf.sub(cConst, x)));
    const values = tf.sub(tf.div(tf.add(tf.square(u), tf.square(cConst)), tf.mul(2, cConst)), tf.sub(u, x));
    return maskedMean(values, mask);
  });
}

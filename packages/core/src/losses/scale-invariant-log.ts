import * as tf from '@tensorflow/tfjs-core';
import { fillInvalid, validMask, type MaskedLossOptions } from './masking.js';

export interface ScaleInvariantLogOptions extends MaskedLossOptions {
  /** λ: 0 is plain log-L2, 1 fully scale-invariant. Default 0.85 (BTS, HMA-Depth). */
  lambda?: number;
  /**
   * `eigen`: (1/n)Σg² − (λ/n²)(Σg)² (Eigen et al. 2014; HMA-Depth eq. 6).
   * `bts`: 10·sqrt(mean g² − λ·mean(g)²) (BTS's training loss). Default `eigen`.
   */
  form?: 'eigen' | 'bts';
  /** `batch`: n counts every valid pixel of the batch (BTS); `per-image`: mean of per-image losses. */
  reduction?: 'batch' | 'per-image';
  /** Predictions are clamped to at least this before the log. Default 1e-6. */
  minDepth?: number;
}

/** Scale-invariant log loss on valid pixels, g = ln pred − ln target. */
export function scaleInvariantLogLoss(
  pred: tf.Tensor, target: tf.Tensor, options: ScaleInvariantLogOptions = {},
): tf.Scalar {
  const { lambda = 0.85, form = 'eigen', reduction = 'batch', minDepth = 1e-6 } = options;
  return tf.tidy(() => {
    const mask = validMask(target, options.mask);
    const g = tf.mul(
      tf.sub(tf.log(tf.maximum(pred, minDepth)), tf.log(fillInvalid(target, mask, 1))),
      mask,
    );
    const axes = reduction === 'batch' ? undefined : g.shape.slice(1).map((_, i) => i + 1);
    const n = tf.maximum(tf.sum(mask, axes), 1);
    const meanSq = tf.div(tf.sum(tf.square(g), axes), n);
    const mean = tf.div(tf.sum(g, axes), n);
    const loss = form === 'eigen'
      ? tf.sub(meanSq, tf.mul(lambda, tf.square(mean)))
      // The clamp keeps sqrt's gradient finite when the variance rounds to 0.
      : tf.mul(10, tf.sqrt(tf.maximum(tf.sub(meanSq, tf.mul(lambda, tf.square(mean))), 1e-12)));
    return tf.mean(loss) as tf.Scalar;
  });
}

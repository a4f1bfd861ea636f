import * as tf from '@tensorflow/tfjs-core';
import { crossEntropyWithIgnore, maskedL1Loss, smoothL1Loss, validMask, type LossResult, type TrainBatch } from '@depthkit/core/web';
import type { DsSidenetConfig } from './config.js';
import { branchOutputs } from './model/ds-sidenet-network.js';
import { expectedBin, quantiseDepth } from './quantise.js';

/** Eq. (2) over the valid pixels: smooth-L1 between d_i = Σ_j j·p_i^j and the GT bin of eq. (1). */
export function softClassificationTerm(logits: tf.Tensor4D, depth: tf.Tensor4D, mask: tf.Tensor, config: DsSidenetConfig): tf.Scalar {
  return tf.tidy(() => smoothL1Loss(expectedBin(logits), quantiseDepth(depth, config), { mask }));
}

/** Table 6's hard-cl: softmax cross-entropy against the GT bin of eq. (1). */
export function hardClassificationTerm(logits: tf.Tensor4D, depth: tf.Tensor4D, mask: tf.Tensor, config: DsSidenetConfig): tf.Scalar {
  return tf.tidy(() => {
    const bins = tf.squeeze(quantiseDepth(depth, config), [3]);
    // Invalid pixels get label −1, which the cross-entropy ignores.
    const labels = tf.where(tf.greater(tf.squeeze(mask, [3]), 0), tf.cast(bins, 'int32'), tf.fill(bins.shape, -1, 'int32'));
    return crossEntropyWithIgnore(logits, labels);
  });
}

/**
 * Eq. (3): L = w1·cls + w2·reg, each term averaged over the valid pixels (the paper writes Σ_i;
 * the mean only rescales the learning rate). The classification term is eq. (2)'s soft loss or
 * the hard cross-entropy, per `task`. With `fusion`, + w3 · L1 of the fused depth (depthkit's
 * choice: the paper only says a fusion network is trained over the branches' outputs).
 */
export function dsSidenetLoss(batch: TrainBatch, outputs: tf.Tensor | tf.Tensor[], config: DsSidenetConfig): LossResult {
  return tf.tidy(() => {
    const { logits, depth, fused } = branchOutputs(config, outputs);
    const mask = validMask(batch.depth, batch.mask);
    const terms: Record<string, tf.Scalar> = {};
    if (logits) {
      terms.cls = config.task.startsWith('soft')
        ? softClassificationTerm(logits, batch.depth, mask, config)
        : hardClassificationTerm(logits, batch.depth, mask, config);
    }
    if (depth) terms.reg = maskedL1Loss(depth, batch.depth, { mask });
    if (fused) terms.fused = maskedL1Loss(fused, batch.depth, { mask });
    const weighted = [
      terms.cls ? tf.mul(config.w1, terms.cls) : null,
      terms.reg ? tf.mul(config.w2, terms.reg) : null,
      terms.fused ? tf.mul(config.w3, terms.fused) : null,
    ].filter((t): t is tf.Tensor => t != null);
    return { total: tf.addN(weighted) as tf.Scalar, terms };
  });
}

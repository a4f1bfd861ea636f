import * as tf from '@tensorflow/tfjs-core';
import { crossEntropyWithIgnore, depthToBin, type LossResult, type TrainBatch } from '@depthkit/core/web';
import { discretisationOf, type DeeplabSidConfig } from './config.js';

/**
 * Class labels [B, H, W] (int32) of a GT depth batch: the SID/UD bin of each pixel, −1 where
 * the GT is missing, masked out by the dataset's caps, or outside [α, β) (the paper ignores
 * depths beyond 80 m).
 */
export function depthLabels(depth: tf.Tensor4D, mask: tf.Tensor4D | undefined, config: DeeplabSidConfig): tf.Tensor3D {
  return tf.tidy(() => {
    const bins = depthToBin(tf.squeeze(depth, [3]), discretisationOf(config));
    if (!mask) return bins as tf.Tensor3D;
    const valid = tf.greater(tf.squeeze(mask, [3]), 0);
    return tf.where(valid, bins, tf.fill(bins.shape, -1, 'int32')) as tf.Tensor3D;
  });
}

/** Softmax cross-entropy over the K depth classes, averaged over the labelled pixels of the batch. */
export function deeplabSidLoss(batch: TrainBatch, outputs: tf.Tensor | tf.Tensor[], config: DeeplabSidConfig): LossResult {
  const logits = Array.isArray(outputs) ? outputs[0] : outputs;
  return tf.tidy(() => ({ total: crossEntropyWithIgnore(logits, depthLabels(batch.depth, batch.mask, config)) }));
}

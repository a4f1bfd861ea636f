import * as tf from '@tensorflow/tfjs-core';
import { scaleInvariantLogLoss, type LossResult, type TrainBatch } from '@depthkit/core/web';
import type { HmaDepthConfig } from './config.js';

/**
 * Eq. (6) exactly: (1/n)Σg² − (λ/n²)(Σg)², g = ln y − ln y*, over the n valid pixels of the batch
 * (Eigen's form: no square root, no ×10 — unlike BTS's training loss).
 */
export function hmaDepthLoss(batch: TrainBatch, outputs: tf.Tensor | tf.Tensor[], config: HmaDepthConfig): LossResult {
  const final = Array.isArray(outputs) ? outputs[0] : outputs;
  return tf.tidy(() => ({
    total: scaleInvariantLogLoss(tf.mul(final, config.maxDepth), batch.depth, { mask: batch.mask, lambda: config.lambda, form: 'eigen' }),
  }));
}

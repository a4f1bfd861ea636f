import * as tf from '@tensorflow/tfjs-core';
import { stopGradient, type LossResult, type TrainBatch } from '@depthkit/core/web';
import type { SegmentDepthConfig } from './config.js';
import { groupMasks } from './groups.js';
import { outputIndex } from './model/segment-depth-network.js';

/**
 * The depth every term regresses: y / maxDepth, with depths beyond the cap (SYNTHIA's sky at
 * 655.35 m) held at 1, and `known` = 1 where the ground truth has a value (y > 0).
 */
export function depthTarget(depth: tf.Tensor, maxDepth: number): { target: tf.Tensor; known: tf.Tensor } {
  return tf.tidy(() => ({
    target: tf.div(tf.minimum(depth, maxDepth), maxDepth),
    known: tf.cast(tf.greater(depth, 0), 'float32'),
  }));
}

/** ‖pred − target‖₁ as a mean over known pixels (eqs. 3 and 8). */
export function maskedMeanL1(pred: tf.Tensor, target: tf.Tensor, known: tf.Tensor): tf.Scalar {
  return tf.tidy(() => tf.div(tf.sum(tf.mul(tf.abs(tf.sub(pred, target)), known)), tf.maximum(tf.sum(known), 1)) as tf.Scalar);
}

/** Eq. 1 on logits: −(1/N) Σ y log σ(z) + (1 − y) log(1 − σ(z)) = (1/N) Σ softplus(z) − y·z. */
export function binaryCrossEntropyWithLogits(logits: tf.Tensor, labels: tf.Tensor): tf.Scalar {
  return tf.tidy(() => tf.mean(tf.sub(tf.softplus(logits), tf.mul(labels, logits))) as tf.Scalar);
}

function channel(t: tf.Tensor, n: number): tf.Tensor {
  return tf.slice(t, [0, 0, 0, n], [-1, -1, -1, 1]);
}

/** σ(S_n) as it multiplies the target; without targetGradient, a constant to the tape. */
function segmentSelector(logits: tf.Tensor, targetGradient: boolean): tf.Tensor {
  const p = tf.sigmoid(logits);
  return targetGradient ? p : stopGradient(p);
}

function weightedSum(values: tf.Scalar[], weights: readonly number[]): tf.Scalar {
  return tf.addN(values.map((v, i) => tf.mul(v, weights[i]))) as tf.Scalar;
}

function requireLabels(batch: TrainBatch, config: SegmentDepthConfig): tf.Tensor {
  if (!batch.labels) {
    throw new Error(`segment-depth (${config.mode}): the batch has no class labels; train on a SYNTHIA-layout folder (GT/LABELS/*.png) or use mode 'direct'`);
  }
  return batch.labels;
}

/**
 * L_depth + L_seg (eqs. 2–4, 8) without the adversarial term, whose discriminator lives in the
 * trainer. explicit: λ_rec,n ‖G_n(S_n(x)·x) − σ(S_n)·y‖₁ + λ_BCE,n BCE(S_n, L_n); implicit:
 * λ_rec,n ‖G_n(x) − L_n·y‖₁; direct: λ_direct ‖G(x) − y‖₁. Terms are logged unweighted.
 */
export function segmentDepthLoss(batch: TrainBatch, outputs: tf.Tensor | tf.Tensor[], config: SegmentDepthConfig, table: Int32Array): LossResult {
  return tf.tidy(() => {
    const list = Array.isArray(outputs) ? outputs : [outputs];
    const index = outputIndex(config.mode);
    const { target, known } = depthTarget(batch.depth, config.maxDepth);
    if (config.mode === 'direct') {
      const rec = maskedMeanL1(list[index.depth], target, known);
      return { total: tf.mul(rec, config.lambdaDirect) as tf.Scalar, terms: { rec } };
    }
    const masks = groupMasks(requireLabels(batch, config), table);
    const parts = list[index.parts!];
    const terms: Record<string, tf.Scalar> = {};
    const rec: tf.Scalar[] = [];
    const seg: tf.Scalar[] = [];
    for (let n = 0; n < 4; n++) {
      const selector = config.mode === 'explicit' ? segmentSelector(channel(list[index.segmentation!], n), config.targetGradient) : channel(masks, n);
      rec.push(maskedMeanL1(channel(parts, n), tf.mul(selector, target), known));
      terms[`rec${n + 1}`] = rec[n];
      if (config.mode === 'explicit') {
        seg.push(binaryCrossEntropyWithLogits(channel(list[index.segmentation!], n), channel(masks, n)));
        terms[`bce${n + 1}`] = seg[n];
      }
    }
    const depthLoss = weightedSum(rec, config.lambdaRec);
    terms.depth = depthLoss;
    if (seg.length === 0) return { total: depthLoss, terms };
    const segLoss = weightedSum(seg, config.lambdaBce);
    terms.seg = segLoss;
    return { total: tf.add(depthLoss, segLoss) as tf.Scalar, terms };
  });
}

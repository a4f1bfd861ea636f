import * as tf from '@tensorflow/tfjs-core';

export interface RegionMeanPoolResult {
  /** Every labelled pixel replaced by its region's mean; unlabelled pixels keep their value. */
  pooled: tf.Tensor4D;
  /** [B, R, C] region means (zeros for regions absent from an image). */
  means: tf.Tensor3D;
  /** [B, R] pixel count of each region. */
  counts: tf.Tensor2D;
}

/** Which segment each pixel sums into, and what a segment's sum is scaled by. */
interface SegmentPlan {
  /** [B·H·W] int32: one segment per (image, region); unlabelled pixels go to a sink, the last. */
  segments: tf.Tensor1D;
  /** [B·H·W, 1]: 1 for an unlabelled pixel, else 0. */
  unlabelled: tf.Tensor2D;
  /** [B·R + 1] pixels per segment. */
  counts: tf.Tensor1D;
  /** [B·R + 1, 1]: 1/count for a region with pixels, 0 for empty ones and for the sink. */
  scale: tf.Tensor2D;
}

function segmentPlan(labels: tf.Tensor, b: number, pixels: number, regions: number): SegmentPlan {
  const ids = tf.reshape(tf.cast(labels, 'int32'), [b, pixels]);
  const labelled = tf.greaterEqual(ids, 0);
  const offsets = tf.reshape(tf.mul(tf.range(0, b, 1, 'int32'), tf.scalar(regions, 'int32')), [b, 1]);
  const sink = b * regions;
  const segments = tf.reshape(tf.where(labelled, tf.add(ids, offsets), tf.fill(ids.shape, sink, 'int32')), [b * pixels]) as tf.Tensor1D;
  const counts = tf.unsortedSegmentSum(tf.ones([b * pixels]), segments, sink + 1) as tf.Tensor1D;
  const isRegion = tf.concat([tf.ones([sink]), tf.zeros([1])]);
  const scale = tf.reshape(tf.div(tf.mul(isRegion, tf.cast(tf.greater(counts, 0), 'float32')), tf.maximum(counts, 1)), [sink + 1, 1]) as tf.Tensor2D;
  const unlabelled = tf.reshape(tf.cast(tf.logicalNot(labelled), 'float32'), [b * pixels, 1]) as tf.Tensor2D;
  return { segments, unlabelled, counts, scale };
}

/**
 * P·x: each labelled pixel's row replaced by its segment's mean (the table gathered, whose sink
 * row is 0), each unlabelled one kept (x masked). No bool tensor of x's size, no select.
 */
function poolRows(flat: tf.Tensor2D, segments: tf.Tensor1D, unlabelled: tf.Tensor2D, scale: tf.Tensor2D): tf.Tensor2D {
  const means = tf.mul(tf.unsortedSegmentSum(flat, segments, scale.shape[0]), scale);
  return tf.add(tf.gather(means, segments), tf.mul(flat, unlabelled)) as tf.Tensor2D;
}

/**
 * Mean of `features` [B, H, W, C] over each region of an integer label map [B, H, W] with
 * ids in [0, R); ids < 0 are unlabelled. Linear in the number of pixels. Differentiable in
 * `features`: pooling is an orthogonal projection (P = Pᵀ), so its gradient is the same pooling
 * of dy — one segment sum and one gather, where tfjs's own gradients of segment sums, gathers
 * and selects kept pixel-sized bool masks and ran in JS.
 */
export function regionMeanPool(features: tf.Tensor4D, labels: tf.Tensor, regions: number): RegionMeanPoolResult {
  return tf.tidy(() => {
    const [b, h, w, c] = features.shape;
    const plan = segmentPlan(labels, b, h * w, regions);
    const sink = b * regions;
    const pool = tf.customGrad((x, save) => {
      (save as tf.GradSaveFunc)([plan.segments, plan.unlabelled, plan.scale]);
      const value = tf.tidy(() => tf.reshape(poolRows(tf.reshape(x as tf.Tensor, [b * h * w, c]) as tf.Tensor2D, plan.segments, plan.unlabelled, plan.scale), [b, h, w, c]));
      return {
        value,
        gradFunc: (dy, [segments, unlabelled, scale]) => tf.tidy(() =>
          tf.reshape(poolRows(tf.reshape(dy as tf.Tensor, [b * h * w, c]) as tf.Tensor2D, segments as tf.Tensor1D, unlabelled as tf.Tensor2D, scale as tf.Tensor2D), [b, h, w, c])),
      };
    });
    const pooled = pool(features) as tf.Tensor4D;
    // The means as ops of their own: differentiable by tfjs, and left out of the tape's
    // backward pass whenever the caller uses `pooled` alone.
    const means = tf.mul(tf.unsortedSegmentSum(tf.reshape(features, [b * h * w, c]), plan.segments, sink + 1), plan.scale);
    return {
      pooled,
      means: tf.reshape(tf.slice(means, [0, 0], [sink, c]), [b, regions, c]) as tf.Tensor3D,
      counts: tf.reshape(tf.slice(plan.counts, [0], [sink]), [b, regions]) as tf.Tensor2D,
    };
  });
}

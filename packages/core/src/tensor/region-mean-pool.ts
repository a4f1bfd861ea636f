import * as tf from '@tensorflow/tfjs-core';

export interface RegionMeanPoolResult {
  /** Every labelled pixel replaced by its region's mean; unlabelled pixels keep their value. */
  pooled: tf.Tensor4D;
  /** [B, R, C] region means (zeros for regions absent from an image). */
  means: tf.Tensor3D;
  /** [B, R] pixel count of each region. */
  counts: tf.Tensor2D;
}

/**
 * Mean of `features` [B, H, W, C] over each region of an integer label map [B, H, W] with
 * ids in [0, R); ids < 0 are unlabelled. Differentiable in `features` (segment sums and
 * gathers), linear in the number of pixels.
 */
export function regionMeanPool(features: tf.Tensor4D, labels: tf.Tensor, regions: number): RegionMeanPoolResult {
  return tf.tidy(() => {
    const [b, h, w, c] = features.shape;
    const ids = tf.reshape(tf.cast(labels, 'int32'), [b, h * w]);
    const labelled = tf.greaterEqual(ids, 0);
    // One segment per (image, region), plus one sink segment for unlabelled pixels.
    const offsets = tf.reshape(tf.mul(tf.range(0, b, 1, 'int32'), tf.scalar(regions, 'int32')), [b, 1]);
    const sink = b * regions;
    const segments = tf.reshape(tf.where(labelled, tf.add(ids, offsets), tf.fill(ids.shape, sink, 'int32')), [b * h * w]) as tf.Tensor1D;
    const flat = tf.reshape(features, [b * h * w, c]);
    const sums = tf.unsortedSegmentSum(flat, segments, sink + 1);
    const counts = tf.unsortedSegmentSum(tf.ones([b * h * w]), segments, sink + 1);
    const means = tf.div(sums, tf.expandDims(tf.maximum(counts, 1), 1));
    const perPixel = tf.gather(means, segments);
    const pooled = tf.where(tf.reshape(labelled, [b * h * w, 1]), perPixel, flat);
    return {
      pooled: tf.reshape(pooled, [b, h, w, c]) as tf.Tensor4D,
      means: tf.reshape(tf.slice(means, [0, 0], [sink, c]), [b, regions, c]) as tf.Tensor3D,
      counts: tf.reshape(tf.slice(counts, [0], [sink]), [b, regions]) as tf.Tensor2D,
    };
  });
}

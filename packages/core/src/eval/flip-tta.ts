import * as tf from '@tensorflow/tfjs-core';

/** A depth model's forward pass on an NHWC batch, returning NHWC depth. */
export type PredictFn = (images: tf.Tensor4D) => tf.Tensor4D | Promise<tf.Tensor4D>;

/**
 * Flip test-time augmentation as BTS/AdaBins evaluate: the mean of pred(x) and
 * flip(pred(flip(x))), flipping along width (axis 2 of NHWC). Works with a sync or async
 * predict; every intermediate is disposed, only the returned tensor is the caller's.
 */
export function withFlipTta(predict: PredictFn): (images: tf.Tensor4D) => Promise<tf.Tensor4D> {
  return async (images) => {
    const flipped = tf.reverse(images, 2);
    let direct: tf.Tensor4D | undefined;
    let mirrored: tf.Tensor4D | undefined;
    try {
      direct = await predict(images);
      mirrored = await predict(flipped);
      const a = direct;
      const b = mirrored;
      return tf.tidy(() => tf.mul(tf.add(a, tf.reverse(b, 2)), 0.5) as tf.Tensor4D);
    } finally {
      flipped.dispose();
      if (direct !== images) direct?.dispose();
      if (mirrored !== flipped) mirrored?.dispose();
    }
  };
}

import * as tf from '@tensorflow/tfjs-core';

/**
 * [B, H, W, 2] pixel-centre coordinates (x, y) normalised to [−1, 1] (default) or [0, 1]:
 * the "location map" networks concatenate to features so that convolutions know where they are.
 */
export function coordinateMap(batch: number, height: number, width: number, range: 'signed' | 'unit' = 'signed'): tf.Tensor4D {
  return tf.tidy(() => {
    const axis = (n: number) => {
      const unit = tf.div(tf.add(tf.range(0, n, 1, 'float32'), 0.5), n);
      return range === 'unit' ? unit : tf.sub(tf.mul(unit, 2), 1);
    };
    const xs = tf.tile(tf.reshape(axis(width), [1, 1, width, 1]), [batch, height, 1, 1]);
    const ys = tf.tile(tf.reshape(axis(height), [1, height, 1, 1]), [batch, 1, width, 1]);
    return tf.concat([xs, ys], 3) as tf.Tensor4D;
  });
}

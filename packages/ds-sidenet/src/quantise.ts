import * as tf from '@tensorflow/tfjs-core';

/** Eq. (1)'s parameters: [α, β] in metres, K bins of width q in log10 depth. */
export interface LogQuantisation {
  alpha: number;
  beta: number;
  bins: number;
}

/** q = (log10 β − log10 α) / K. */
export function binWidth(q: LogQuantisation): number {
  return (Math.log10(q.beta) - Math.log10(q.alpha)) / q.bins;
}

/**
 * Eq. (1): b = round((log10 x − log10 α) / q). With round(), x = α gives 0 and x = β gives K,
 * so there are K + 1 classes (the paper's "K + 1 softmax channels"; D = b_max = K). Depths
 * outside [α, β] take the end classes; invalid pixels (x ≤ 0) are left to the caller's mask.
 */
export function quantiseDepth(depth: tf.Tensor, q: LogQuantisation): tf.Tensor {
  return tf.tidy(() => {
    const position = tf.div(tf.sub(tf.div(tf.log(tf.maximum(depth, 1e-12)), Math.LN10), Math.log10(q.alpha)), binWidth(q));
    return tf.clipByValue(tf.round(position), 0, q.bins);
  });
}

/** The inverse of eq. (1) for a (possibly fractional) bin: x = 10^(log10 α + q·b). */
export function binToDepth(bin: tf.Tensor, q: LogQuantisation): tf.Tensor {
  return tf.tidy(() => tf.pow(10, tf.add(Math.log10(q.alpha), tf.mul(bin, binWidth(q)))));
}

/** §4.3: d_i = Σ_j j·p_i^j over the K + 1 softmax channels, j = 0…K (the paper writes j = 1…D, but eq. (1) puts x = α in class 0). */
export function expectedBin(logits: tf.Tensor): tf.Tensor {
  const classes = logits.shape[logits.shape.length - 1];
  return tf.tidy(() => tf.sum(tf.mul(tf.softmax(logits), tf.range(0, classes, 1, 'float32')), -1, true));
}

/** The most probable class (hard-cl testing). */
export function argmaxBin(logits: tf.Tensor): tf.Tensor {
  return tf.tidy(() => tf.expandDims(tf.cast(tf.argMax(logits, -1), 'float32'), -1));
}

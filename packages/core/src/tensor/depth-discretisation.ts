import * as tf from '@tensorflow/tfjs-core';

/**
 * Depth discretisation of DORN (Fu et al. 2018): K intervals on [α, β] with thresholds
 * SID t_i = exp(ln α + ln(β/α)·i/K) (spacing-increasing, uniform in log depth) or
 * UD t_i = α + (β − α)·i/K (uniform).
 */
export interface Discretisation {
  alpha: number;
  beta: number;
  bins: number;
  spacing: 'sid' | 'ud';
}

export function validateDiscretisation(d: Discretisation): void {
  if (!(d.alpha > 0 && d.beta > d.alpha && Number.isInteger(d.bins) && d.bins >= 1)) {
    throw new Error(`discretisation: expected 0 < alpha < beta and an integer bins >= 1, got alpha=${d.alpha}, beta=${d.beta}, bins=${d.bins}`);
  }
}

/** The K + 1 thresholds t_0 = α … t_K = β. */
export function binEdges(d: Discretisation): number[] {
  validateDiscretisation(d);
  return Array.from({ length: d.bins + 1 }, (_, i) =>
    d.spacing === 'sid'
      ? Math.exp(Math.log(d.alpha) + (Math.log(d.beta / d.alpha) * i) / d.bins)
      : d.alpha + ((d.beta - d.alpha) * i) / d.bins,
  );
}

/** Depth a bin stands for: the midpoint of its interval (DORN's choice), in metres. */
export function binCentres(d: Discretisation): number[] {
  const t = binEdges(d);
  return t.slice(0, -1).map((lo, i) => (lo + t[i + 1]) / 2);
}

/**
 * Bin index of each depth (int32), or −1 where depth is invalid (≤ 0) or outside [α, β):
 * the label every classification loss ignores.
 */
export function depthToBin(depth: tf.Tensor, d: Discretisation): tf.Tensor {
  validateDiscretisation(d);
  return tf.tidy(() => {
    const position = d.spacing === 'sid'
      ? tf.div(tf.log(tf.div(tf.maximum(depth, 1e-12), d.alpha)), Math.log(d.beta / d.alpha))
      : tf.div(tf.sub(depth, d.alpha), d.beta - d.alpha);
    const bin = tf.cast(tf.floor(tf.mul(position, d.bins)), 'int32');
    const inRange = tf.logicalAnd(tf.greaterEqual(depth, d.alpha), tf.less(depth, d.beta));
    // Both branches int32: mixing dtypes in where() makes wasm read int −1 as a float NaN.
    return tf.where(inRange, tf.minimum(bin, tf.scalar(d.bins - 1, 'int32')), tf.fill(bin.shape, -1, 'int32'));
  });
}

/** Depth of each bin index (its interval's midpoint); indices are clamped to [0, K − 1]. */
export function binToDepth(bin: tf.Tensor, d: Discretisation): tf.Tensor {
  return tf.tidy(() => tf.gather(tf.tensor1d(binCentres(d)), tf.clipByValue(tf.cast(bin, 'int32'), 0, d.bins - 1)));
}

/** Σ_k p_k · centre_k: the probability-weighted depth of a softmax over the bins. */
export function expectedDepth(probabilities: tf.Tensor, d: Discretisation): tf.Tensor {
  return tf.tidy(() => tf.sum(tf.mul(probabilities, tf.tensor1d(binCentres(d))), -1, true));
}

import * as tf from '@tensorflow/tfjs-core';

export type GanMode = 'bce' | 'lsgan';

function towards(logits: tf.Tensor, target: 0 | 1, mode: GanMode): tf.Scalar {
  return tf.tidy(() => {
    if (mode === 'lsgan') return tf.mean(tf.square(tf.sub(logits, target))) as tf.Scalar;
    // BCE with logits: softplus(z) − t·z.
    return tf.mean(tf.sub(tf.softplus(logits), tf.mul(target, logits))) as tf.Scalar;
  });
}

/**
 * Conditional GAN discriminator loss (pix2pix): ½[L(D(x, y), real) + L(D(x, G(x)), fake)],
 * on the discriminator's raw outputs (logits for `bce`, scores for `lsgan`).
 */
export function discriminatorLoss(realLogits: tf.Tensor, fakeLogits: tf.Tensor, mode: GanMode = 'bce'): tf.Scalar {
  return tf.tidy(() => tf.mul(0.5, tf.add(towards(realLogits, 1, mode), towards(fakeLogits, 0, mode))) as tf.Scalar);
}

/** The generator's adversarial term: L(D(x, G(x)), real) — fool the discriminator. */
export function generatorAdversarialLoss(fakeLogits: tf.Tensor, mode: GanMode = 'bce'): tf.Scalar {
  return towards(fakeLogits, 1, mode);
}

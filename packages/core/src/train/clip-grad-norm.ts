import * as tf from '@tensorflow/tfjs-core';

export interface ClippedGradients {
  /** New tensors when clipped; the inputs themselves when not (the caller owns both either way). */
  grads: tf.Tensor[];
  /** Global L2 norm before clipping. */
  norm: number;
  clipped: boolean;
}

/**
 * torch.nn.utils.clip_grad_norm_ (L2): the global norm is the norm of the per-tensor norms;
 * every gradient is scaled by min(1, maxNorm / (norm + 1e-6)).
 */
export function clipGradNorm(grads: readonly tf.Tensor[], maxNorm: number): ClippedGradients {
  if (!(maxNorm > 0)) throw new Error(`clipGradNorm: maxNorm must be > 0, got ${maxNorm}`);
  const norm = globalNorm(grads);
  // torch computes the coefficient in the gradients' float32.
  const coef = Math.fround(Math.fround(maxNorm) / Math.fround(norm + 1e-6));
  if (!(coef < 1)) return { grads: [...grads], norm, clipped: false };
  return { grads: grads.map((g) => tf.mul(g, coef)), norm, clipped: true };
}

export function globalNorm(grads: readonly tf.Tensor[]): number {
  if (grads.length === 0) return 0;
  const norm = tf.tidy(() => tf.norm(tf.stack(grads.map((g) => tf.norm(g)))));
  const value = norm.dataSync()[0];
  norm.dispose();
  return value;
}

import * as tf from '@tensorflow/tfjs-core';

/**
 * Runs `body` and fails if it leaves tensors behind: every op and loss test wraps its body in
 * this, as tfjs-core's own tests do.
 */
export async function expectNoTensorLeak<T>(body: () => T | Promise<T>): Promise<T> {
  const before = tf.memory().numTensors;
  const result = await body();
  const after = tf.memory().numTensors;
  if (after !== before) {
    throw new Error(`tensor leak: ${after - before} tensor(s) left behind (before ${before}, after ${after})`);
  }
  return result;
}

/** max |a − b| / max |b|: the relative error used by every parity test. */
export function relativeError(actual: ArrayLike<number>, expected: ArrayLike<number>): number {
  if (actual.length !== expected.length) {
    throw new Error(`length mismatch: ${actual.length} vs ${expected.length}`);
  }
  let maxDiff = 0;
  let maxRef = 0;
  for (let i = 0; i < expected.length; i++) {
    maxDiff = Math.max(maxDiff, Math.abs(actual[i] - expected[i]));
    maxRef = Math.max(maxRef, Math.abs(expected[i]));
  }
  return maxRef === 0 ? maxDiff : maxDiff / maxRef;
}

import * as tf from '@tensorflow/tfjs-core';

/**
 * Runs one training step and throws if it changed the number of live tensors — a leak of even
 * one tensor per step exhausts memory over a long run, and is much easier to find at step 3.
 */
export async function guardTensors<T>(label: string, body: () => Promise<T>): Promise<T> {
  const before = tf.memory().numTensors;
  const result = await body();
  const after = tf.memory().numTensors;
  if (after !== before) {
    const sign = after > before ? '+' : '−';
    throw new Error(
      `tensor leak in ${label}: ${sign}${Math.abs(after - before)} tensors (${before} before, ${after} after; ` +
        'dispose what the loss or trainStep creates, or wrap it in tf.tidy)',
    );
  }
  return result;
}

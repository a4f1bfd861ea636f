import * as tf from '@tensorflow/tfjs-core';

/**
 * Kernel names a backend may implement to run a whole optimizer update of one weight in a
 * single pass (the onednn backend does); the arithmetic is the JS path's, in its order.
 */
export const adamUpdateKernel = 'DepthkitAdamUpdate';
export const sgdUpdateKernel = 'DepthkitSgdUpdate';

/** The update as one kernel call: the active backend has it and every tensor is float32. */
export function nativeUpdate(kernel: string, inputs: Record<string, tf.Tensor>, attrs: Record<string, number | boolean>): tf.Tensor[] | null {
  if (tf.getKernel(kernel, tf.getBackend()) == null) return null;
  if (Object.values(inputs).some((t) => t.dtype !== 'float32')) return null;
  return tf.engine().runKernel(kernel, inputs, attrs as unknown as tf.NamedAttrMap) as tf.Tensor[];
}

import type { GradConfig, Tensor } from '@tensorflow/tfjs-core';
import * as tf from '@tensorflow/tfjs-core';

/**
 * ReLU and LeakyReLU (α ≥ 0) gradients read from the activation's output, which the next layer
 * keeps for its own gradient anyway, instead of from its input: y > 0 exactly where x > 0.
 * tfjs saves the input, so every conv → norm → ReLU kept one more full-size tensor alive until
 * the backward pass — about a third of a ResNet training step's memory.
 */
/**
 * A backend may compute the whole gradient in one kernel (onednn does):
 * ({dy, y}, {alpha}) → dy where y > 0, alpha·dy elsewhere.
 */
export const reluGradFromOutputKernel = 'DepthkitReluGradFromOutput';

function nativeGrad(dy: Tensor, y: Tensor, alpha: number): Tensor | null {
  if (tf.getKernel(reluGradFromOutputKernel, tf.getBackend()) == null) return null;
  return tf.engine().runKernel(reluGradFromOutputKernel, { dy, y }, { alpha }) as Tensor;
}

export const reluFromOutputGradConfig: GradConfig = {
  kernelName: 'Relu',
  outputsToSave: [true],
  gradFunc: (dy, saved) => {
    const [y] = saved as Tensor[];
    return { x: () => nativeGrad(dy as Tensor, y, 0) ?? tf.mul(dy as Tensor, tf.cast(tf.greater(y, 0), 'float32')) };
  },
};

export const leakyReluFromOutputGradConfig: GradConfig = {
  kernelName: 'LeakyRelu',
  outputsToSave: [true],
  gradFunc: (dy, saved, attrs) => {
    const [y] = saved as Tensor[];
    const { alpha } = attrs as unknown as { alpha: number };
    // With α < 0, αx > 0 for x < 0: the output no longer tells which side x was on.
    if (!(alpha >= 0)) {
      throw new Error(`LeakyRelu gradient (depthkit): needs alpha >= 0 to read the sign from the output, got ${alpha}`);
    }
    return { x: () => nativeGrad(dy as Tensor, y, alpha) ?? tf.mul(dy as Tensor, tf.where(tf.greater(y, 0), tf.onesLike(y), tf.fill(y.shape, alpha))) };
  },
};

import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { batchNorm, computeGradients, createOptimizer, resize } from '@depthkit/core';

/**
 * The perf harness's reference encoder–decoder (issue #2), mirrored layer for layer by
 * reference_net.py: 4 × [conv3×3 s2 + BN + ReLU] (32, 64, 128, 256), 4 × [bilinear ×2 +
 * conv3×3 + BN + ReLU] (128, 64, 32, 16), conv3×3 → 1. Convs before BN carry no bias.
 */
export function buildReferenceNet(height: number, width: number): tfl.LayersModel {
  const input = tfl.input({ shape: [height, width, 3] });
  let x: tfl.SymbolicTensor = input;
  for (const filters of [32, 64, 128, 256]) {
    x = convBnRelu(x, filters, 2);
  }
  for (const filters of [128, 64, 32, 16]) {
    // Half-pixel bilinear, as the twin's nn.Upsample(align_corners=False).
    x = resize({ scale: [2, 2] }).apply(x) as tfl.SymbolicTensor;
    x = convBnRelu(x, filters, 1);
  }
  const output = tfl.layers.conv2d({ filters: 1, kernelSize: 3, padding: 'same' }).apply(x) as tfl.SymbolicTensor;
  return tfl.model({ inputs: input, outputs: output });
}

function convBnRelu(x: tfl.SymbolicTensor, filters: number, strides: number): tfl.SymbolicTensor {
  const conv = tfl.layers.conv2d({ filters, kernelSize: 3, strides, padding: 'same', useBias: false });
  // depthkit's BN: the same arithmetic as tf.layers.batchNormalization, trained through a
  // closed-form gradient (see packages/core/src/tensor/batch-norm-training.ts).
  const bn = batchNorm({ momentum: 0.9, epsilon: 1e-5 });
  return tfl.layers.reLU().apply(bn.apply(conv.apply(x))) as tfl.SymbolicTensor;
}

export function trainableParams(model: tfl.LayersModel): number {
  return model.trainableWeights.reduce((sum, w) => sum + (w.shape as number[]).reduce((a, b) => a * b, 1), 0);
}

/**
 * One Adam step on L1 loss, as depthkit trains (core's computeGradients and Adam, which keep
 * the memory of an update to one weight's temporaries; tfjs's AdamOptimizer holds them all).
 * Returns the loss value (read back, so the step is complete).
 */
export function makeTrainStep(model: tfl.LayersModel, learningRate = 1e-3) {
  const variables = model.trainableWeights.map((w) => (w as unknown as { val: tf.Variable }).val);
  const optimizer = createOptimizer({ type: 'adam', lr: learningRate }, variables);
  return (x: tf.Tensor, y: tf.Tensor): number => {
    const { value, grads } = computeGradients(() => ({
      total: tf.mean(tf.abs(tf.sub(firstOutput(model.apply(x, { training: true }) as tf.Tensor | tf.Tensor[]), y))) as tf.Scalar,
    }), variables);
    optimizer.apply(grads, learningRate);
    tf.dispose(grads.filter((g): g is tf.Tensor => g != null));
    return value;
  };
}

/** A multi-output network (e.g. HMA-Depth's [depth, per-scale depths, masks]) trains on its first output. */
export function firstOutput(outputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
  return Array.isArray(outputs) ? outputs[0] : outputs;
}

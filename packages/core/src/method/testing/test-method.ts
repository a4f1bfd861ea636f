import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { kittiSpec } from '../../datasets/kitti-spec.js';
import { batchNorm } from '../../layers/batch-norm.js';
import { conv2d } from '../../layers/conv2d.js';
import { resize } from '../../layers/resize.js';
import { scaleInvariantLogLoss } from '../../losses/scale-invariant-log.js';
import { defineMethod, definePreset, type DepthMethod } from '../depth-method.js';

export interface TestMethodConfig {
  widths: number[];
  maxDepth: number;
}

function convBnRelu(x: tfl.SymbolicTensor, filters: number, strides: number): tfl.SymbolicTensor {
  const c = conv2d({ filters, kernelSize: 3, strides, useBias: false }).apply(x) as tfl.SymbolicTensor;
  return tfl.layers.reLU().apply(batchNorm().apply(c)) as tfl.SymbolicTensor;
}

/**
 * A small encoder–decoder that exercises the whole DepthMethod contract end to end in CI
 * (synthetic data → train → eval → predict). Not a paper: depthkit's own test fixture.
 */
export const testMethod: DepthMethod<TestMethodConfig> = defineMethod<TestMethodConfig>({
  id: 'test-method',
  paper: { title: 'depthkit contract test network', year: 2026, authors: ['depthkit'] },
  defaultConfig: { widths: [16, 32, 64], maxDepth: kittiSpec.maxDepth },
  presets: {
    tiny: definePreset({
      name: 'tiny',
      dataset: kittiSpec,
      config: { widths: [16, 32, 64], maxDepth: kittiSpec.maxDepth },
      training: {
        batchSize: 4,
        crop: [48, 160],
        steps: 200,
        optimizer: { type: 'adam', lr: 2e-3 },
        schedule: { type: 'poly', power: 0.9, warmupSteps: 10 },
        // Synthetic frames are small: resize whole frames to the crop, no KB window or rotation.
        augmentation: { preCrop: undefined, rotateDegrees: 0, resizeToSize: true },
        testSize: [48, 160],
        source: 'depthkit test fixture',
      },
      description: 'contract test at 48×160 on synthetic KITTI',
    }),
  },
  createModel(config) {
    const input = tfl.input({ shape: [null, null, 3] as unknown as number[] });
    let x: tfl.SymbolicTensor = input;
    const skips: tfl.SymbolicTensor[] = [];
    for (const w of config.widths) {
      x = convBnRelu(x, w, 2);
      skips.push(x);
    }
    for (let i = config.widths.length - 2; i >= -1; i--) {
      x = resize({ scale: [2, 2] }).apply(x) as tfl.SymbolicTensor;
      if (i >= 0) x = tfl.layers.concatenate().apply([x, skips[i]]) as tfl.SymbolicTensor;
      x = convBnRelu(x, config.widths[Math.max(i, 0)], 1);
    }
    const logits = conv2d({ filters: 1, kernelSize: 3 }).apply(x) as tfl.SymbolicTensor;
    const depth = tfl.layers.activation({ activation: 'sigmoid' }).apply(logits) as tfl.SymbolicTensor;
    return { model: tfl.model({ inputs: input, outputs: depth }), stride: 2 ** config.widths.length };
  },
  loss(batch, outputs, config) {
    const depth = tf.mul(outputs as tf.Tensor, config.maxDepth);
    return { total: scaleInvariantLogLoss(depth, batch.depth, { mask: batch.mask, lambda: 0.5 }) };
  },
  predict(built, images, config) {
    return tf.tidy(() => tf.mul(built.model.predict(images) as tf.Tensor4D, config.maxDepth)) as tf.Tensor4D;
  },
});

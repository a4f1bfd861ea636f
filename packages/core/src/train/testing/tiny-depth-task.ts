import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import type { Batch, BatchPosition } from '../../datasets/pipeline/batch.js';
import { mixSeed, mulberry32 } from '../../datasets/pipeline/prng.js';
import { batchNorm } from '../../layers/batch-norm.js';
import { conv2d } from '../../layers/conv2d.js';

export const tinySize = 8;

/** conv3×3(8) → BatchNorm → ReLU → conv3×3(1), with seeded weights so two builds are identical. */
export function tinyDepthModel(seed = 1): tfl.LayersModel {
  const input = tfl.input({ shape: [tinySize, tinySize, 3] });
  let x = conv2d({ filters: 8, kernelSize: 3 }).apply(input) as tfl.SymbolicTensor;
  x = batchNorm({ momentum: 0.9 }).apply(x) as tfl.SymbolicTensor;
  x = tfl.layers.reLU().apply(x) as tfl.SymbolicTensor;
  const output = conv2d({ filters: 1, kernelSize: 3 }).apply(x) as tfl.SymbolicTensor;
  const model = tfl.model({ inputs: input, outputs: output });
  const random = mulberry32(seed);
  model.trainableWeights.forEach((w) => {
    const shape = w.shape as number[];
    const fanIn = shape.length === 4 ? shape[0] * shape[1] * shape[2] : 0;
    const n = shape.reduce((a, b) => a * b, 1);
    const values = fanIn === 0 ? null : Float32Array.from({ length: n }, () => (random() * 2 - 1) * Math.sqrt(3 / fanIn));
    if (values) w.write(tf.tidy(() => tf.tensor(values, shape)));
  });
  return model;
}

/** The answer the task has: depth = 2 + 0.8·R − 0.5·B + 0.3·G, per pixel. */
export function knownDepth(r: number, g: number, b: number): number {
  return 2 + 0.8 * r + 0.3 * g - 0.5 * b;
}

/** One batch, a function of (seed, epoch, step) alone. */
export function tinyBatch(seed: number, position: BatchPosition, batchSize: number): Batch {
  const random = mulberry32(mixSeed(seed, position.epoch, position.step));
  const pixels = batchSize * tinySize * tinySize;
  const images = Float32Array.from({ length: pixels * 3 }, () => random() * 2 - 1);
  const depth = Float32Array.from({ length: pixels }, (_, i) => knownDepth(images[3 * i], images[3 * i + 1], images[3 * i + 2]));
  const tensors = {
    images: tf.tensor4d(images, [batchSize, tinySize, tinySize, 3]),
    depth: tf.tensor4d(depth, [batchSize, tinySize, tinySize, 1]),
    mask: tf.ones([batchSize, tinySize, tinySize, 1]) as tf.Tensor4D,
  };
  return {
    ...tensors,
    meta: { ...position, indices: [], ids: [], intrinsics: [], augment: [] },
    dispose: () => tf.dispose(Object.values(tensors)),
  };
}

/** A resumable data factory in fit()'s shape: endless epochs of `batchesPerEpoch` batches. */
export function tinyData(seed: number, batchSize: number, batchesPerEpoch: number) {
  return (from: BatchPosition | undefined): AsyncIterable<Batch> => ({
    async *[Symbol.asyncIterator]() {
      let { epoch, step } = from ?? { epoch: 0, step: 0 };
      for (;;) {
        if (step >= batchesPerEpoch) {
          epoch++;
          step = 0;
        }
        yield tinyBatch(seed, { epoch, step }, batchSize);
        step++;
      }
    },
  });
}

/** Every weight's values, for bit-exact comparisons. */
export function weightValues(model: tfl.LayersModel): Float32Array[] {
  return model.weights.map((w) => Float32Array.from(w.read().dataSync()));
}

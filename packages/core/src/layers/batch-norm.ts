import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { batchNormTraining } from '../tensor/batch-norm-training.js';
import { defaultLayerName } from './layer-names.js';

export interface BatchNormArgs {
  /** Weight of the old moving statistic per update (PyTorch's momentum m is 1 − m here). */
  momentum?: number;
  epsilon?: number;
  name?: string;
  trainable?: boolean;
}

type LayerVariable = tfl.LayerVariable;

/**
 * Batch normalisation over the channel (last) axis that trains through `batchNormTraining`'s
 * closed-form gradient. Same weights, statistics and inference arithmetic as
 * `tf.layers.batchNormalization` (gamma, beta, moving_mean, moving_variance).
 */
export class BatchNorm extends tfl.layers.Layer {
  /** Serialised as `@depthkit/core>BatchNorm`, so a saved model says which package it needs. */
  static className = '@depthkit/core>BatchNorm';
  private readonly momentum: number;
  private readonly epsilon: number;
  private gamma!: LayerVariable;
  private beta!: LayerVariable;
  private movingMean!: LayerVariable;
  private movingVariance!: LayerVariable;

  constructor(args: BatchNormArgs = {}) {
    // tfjs derives default names from the class name, which the package prefix makes invalid.
    super({ ...args, name: args.name ?? defaultLayerName('batch_norm') });
    this.momentum = args.momentum ?? 0.9;
    this.epsilon = args.epsilon ?? 1e-5;
    this.supportsMasking = true;
  }

  override build(inputShape: tfl.Shape | tfl.Shape[]): void {
    const shape = (Array.isArray(inputShape[0]) ? inputShape[0] : inputShape) as tfl.Shape;
    const channels = shape[shape.length - 1];
    if (channels == null) throw new Error(`${this.name}: the channel dimension must be known, got shape [${shape.join(', ')}]`);
    this.gamma = this.addWeight('gamma', [channels], 'float32', tfl.initializers.ones());
    this.beta = this.addWeight('beta', [channels], 'float32', tfl.initializers.zeros());
    this.movingMean = this.addWeight('moving_mean', [channels], 'float32', tfl.initializers.zeros(), undefined, false);
    this.movingVariance = this.addWeight('moving_variance', [channels], 'float32', tfl.initializers.ones(), undefined, false);
    this.built = true;
  }

  override call(inputs: tf.Tensor | tf.Tensor[], kwargs: Record<string, unknown>): tf.Tensor {
    const x = Array.isArray(inputs) ? inputs[0] : inputs;
    if (kwargs.training !== true) {
      return tf.batchNorm(x, this.movingMean.read(), this.movingVariance.read(), this.beta.read(), this.gamma.read(), this.epsilon);
    }
    const { y, mean, variance } = batchNormTraining(x, this.gamma.read() as tf.Tensor1D, this.beta.read() as tf.Tensor1D, this.epsilon);
    this.updateMovingStatistics(mean, variance);
    return y;
  }

  private updateMovingStatistics(mean: tf.Tensor1D, variance: tf.Tensor1D): void {
    const m = this.momentum;
    tf.tidy(() => {
      this.movingMean.write(tf.add(tf.mul(this.movingMean.read(), m), tf.mul(mean, 1 - m)));
      this.movingVariance.write(tf.add(tf.mul(this.movingVariance.read(), m), tf.mul(variance, 1 - m)));
    });
    tf.dispose([mean, variance]);
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), momentum: this.momentum, epsilon: this.epsilon };
  }
}

export function batchNorm(args: BatchNormArgs = {}): BatchNorm {
  return new BatchNorm(args);
}

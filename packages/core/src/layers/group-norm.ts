import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { defaultLayerName } from './layer-names.js';

export interface GroupNormArgs {
  /** Channel groups; 1 is layer norm over H·W·C, C is instance norm. */
  groups: number;
  epsilon?: number;
  name?: string;
}

/** y = (x − mean_g)/sqrt(var_g + ε)·γ + β per image and channel group (Wu & He 2018). */
export function groupNormalize(x: tf.Tensor4D, groups: number, gamma: tf.Tensor, beta: tf.Tensor, epsilon: number): tf.Tensor4D {
  return tf.tidy(() => {
    const [n, h, w, c] = x.shape;
    const grouped = tf.reshape(x, [n, h, w, groups, c / groups]);
    const { mean, variance } = tf.moments(grouped, [1, 2, 4], true);
    const normalised = tf.reshape(tf.div(tf.sub(grouped, mean), tf.sqrt(tf.add(variance, epsilon))), [n, h, w, c]);
    return tf.add(tf.mul(normalised, gamma), beta) as tf.Tensor4D;
  });
}

/** Group normalisation (tfjs has none). Same arithmetic in training and inference. */
export class GroupNorm extends tfl.layers.Layer {
  static className = '@depthkit/core>GroupNorm';
  private readonly groups: number;
  private readonly epsilon: number;
  private gamma!: tfl.LayerVariable;
  private beta!: tfl.LayerVariable;

  constructor(args: GroupNormArgs) {
    super({ name: args.name ?? defaultLayerName('group_norm') });
    this.groups = args.groups;
    this.epsilon = args.epsilon ?? 1e-5;
  }

  override build(inputShape: tfl.Shape | tfl.Shape[]): void {
    const shape = (Array.isArray(inputShape[0]) ? inputShape[0] : inputShape) as tfl.Shape;
    const channels = shape[shape.length - 1];
    if (channels == null || channels % this.groups !== 0) {
      throw new Error(`${this.name}: ${channels} channels cannot be split into ${this.groups} groups`);
    }
    this.gamma = this.addWeight('gamma', [channels], 'float32', tfl.initializers.ones());
    this.beta = this.addWeight('beta', [channels], 'float32', tfl.initializers.zeros());
    this.built = true;
  }

  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    const x = (Array.isArray(inputs) ? inputs[0] : inputs) as tf.Tensor4D;
    return groupNormalize(x, this.groups, this.gamma.read(), this.beta.read(), this.epsilon);
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), groups: this.groups, epsilon: this.epsilon };
  }
}

export function groupNorm(args: GroupNormArgs): GroupNorm {
  return new GroupNorm(args);
}

import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { defaultLayerName } from './layer-names.js';

export interface GroupNormArgs {
  /** Channel groups; 1 is layer norm over H·W·C, C is instance norm. */
  groups: number;
  epsilon?: number;
  name?: string;
}

/**
 * y = (x − mean_g)/sqrt(var_g + ε)·γ + β per image and channel group (Wu & He 2018), with the
 * closed-form gradient dx = σ⁻¹/m · (m·dx̂ − Σdx̂ − x̂·Σ(dx̂·x̂)) over each group's m values.
 * Differentiated op by op, tfjs saved ~10 full-size tensors per layer for the backward pass
 * (region-support's full-resolution GroupNorms did not fit a 1 × 192 × 384 step in 4 GB);
 * this saves x̂ alone.
 */
export function groupNormalize(x: tf.Tensor4D, groups: number, gamma: tf.Tensor, beta: tf.Tensor, epsilon: number): tf.Tensor4D {
  const [n, h, w, c] = x.shape;
  const grouped = [n, h, w, groups, c / groups];
  const groupAxes = [1, 2, 4];
  const count = h * w * (c / groups);
  const forward = tf.customGrad((input, scale, offset, save) => {
    const xs = tf.reshape(input as tf.Tensor, grouped);
    const centred = tf.sub(xs, tf.mean(xs, groupAxes, true));
    const invStd = tf.rsqrt(tf.add(tf.mean(tf.square(centred), groupAxes, true), epsilon));
    const normalised = tf.reshape(tf.mul(centred, invStd), [n, h, w, c]);
    (save as tf.GradSaveFunc)([normalised, invStd, scale as tf.Tensor]);
    return {
      value: tf.add(tf.mul(normalised, scale as tf.Tensor), offset as tf.Tensor),
      // In a tidy: customGrad's backward keeps whatever its gradFunc leaves until the whole
      // backward pass ends, and these temporaries are full-size.
      gradFunc: (dy, saved) => tf.tidy(() => {
        const [xhatFlat, inv, g] = saved;
        const dyT = dy as tf.Tensor;
        const xhat = tf.reshape(xhatFlat, grouped);
        const dxhat = tf.reshape(tf.mul(dyT, g), grouped);
        const sumD = tf.sum(dxhat, groupAxes, true);
        const sumDX = tf.sum(tf.mul(dxhat, xhat), groupAxes, true);
        const dx = tf.mul(tf.sub(tf.sub(tf.mul(dxhat, count), sumD), tf.mul(xhat, sumDX)), tf.div(inv, count));
        return [tf.reshape(dx, [n, h, w, c]), tf.sum(tf.mul(dyT, xhatFlat), [0, 1, 2]), tf.sum(dyT, [0, 1, 2])];
      }),
    };
  });
  return forward(x, gamma, beta) as tf.Tensor4D;
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

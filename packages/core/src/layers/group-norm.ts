import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { defaultLayerName } from './layer-names.js';

export interface GroupNormArgs {
  /** Channel groups; 1 is layer norm over H·W·C, C is instance norm. */
  groups: number;
  epsilon?: number;
  /** ReLU after the affine step, in the same op (its output is then not saved for the backward pass). */
  relu?: boolean;
  name?: string;
}

/**
 * A backend may implement groupNormalize as two kernels (the onednn backend does): forward
 * ({x, scale, offset}, {groups, epsilon, relu}) → [y, x̂, σ⁻¹ [n, groups]], and the closed-form
 * backward ({dy, xhat, invStd, scale, offset}, {groups, relu}) → [dx, dscale, doffset].
 */
export const groupNormTrainingKernel = 'DepthkitGroupNormTraining';
export const groupNormTrainingGradKernel = 'DepthkitGroupNormTrainingGrad';

/**
 * y = (x − mean_g)/sqrt(var_g + ε)·γ + β per image and channel group (Wu & He 2018), then ReLU
 * when `relu`, with the closed-form gradient dx = σ⁻¹/m · (m·dx̂ − Σdx̂ − x̂·Σ(dx̂·x̂)) over each
 * group's m values (dx̂ = dy·γ, masked where the ReLU was off — x̂·γ + β ≤ 0).
 * Differentiated op by op, tfjs saved ~10 full-size tensors per layer for the backward pass
 * (region-support's full-resolution GroupNorms did not fit a 1 × 192 × 384 step in 4 GB);
 * this saves x̂ alone, also for the ReLU, whose output would otherwise be saved as well.
 */
export function groupNormalize(x: tf.Tensor4D, groups: number, gamma: tf.Tensor, beta: tf.Tensor, epsilon: number, relu = false): tf.Tensor4D {
  if (x.shape[3] % groups !== 0) throw new Error(`groupNormalize: ${x.shape[3]} channels cannot be split into ${groups} groups`);
  if (tf.getKernel(groupNormTrainingKernel, tf.getBackend()) != null) return kernelGroupNormalize(x, groups, gamma, beta, epsilon, relu);
  const [n, h, w, c] = x.shape;
  const grouped = [n, h, w, groups, c / groups];
  const groupAxes = [1, 2, 4];
  const count = h * w * (c / groups);
  const forward = tf.customGrad((input, scale, offset, save) => {
    const xs = tf.reshape(input as tf.Tensor, grouped);
    const centred = tf.sub(xs, tf.mean(xs, groupAxes, true));
    const invStd = tf.rsqrt(tf.add(tf.mean(tf.square(centred), groupAxes, true), epsilon));
    const normalised = tf.reshape(tf.mul(centred, invStd), [n, h, w, c]);
    (save as tf.GradSaveFunc)([normalised, invStd, scale as tf.Tensor, offset as tf.Tensor]);
    const affine = tf.add(tf.mul(normalised, scale as tf.Tensor), offset as tf.Tensor);
    return {
      value: relu ? tf.relu(affine) : affine,
      // In a tidy: customGrad's backward keeps whatever its gradFunc leaves until the whole
      // backward pass ends, and these temporaries are full-size.
      gradFunc: (dy, saved) => tf.tidy(() => {
        const [xhatFlat, inv, g, b] = saved;
        const dyT = relu ? tf.mul(dy as tf.Tensor, tf.cast(tf.greater(tf.add(tf.mul(xhatFlat, g), b), 0), 'float32')) : (dy as tf.Tensor);
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

function kernelGroupNormalize(x: tf.Tensor4D, groups: number, gamma: tf.Tensor, beta: tf.Tensor, epsilon: number, relu: boolean): tf.Tensor4D {
  const attrs = { groups, epsilon, relu } as unknown as tf.NamedAttrMap;
  const forward = tf.customGrad((input, scale, offset, save) => {
    const [y, xhat, invStd] = tf.engine().runKernel(groupNormTrainingKernel, { x: input as tf.Tensor, scale: scale as tf.Tensor, offset: offset as tf.Tensor }, attrs) as tf.Tensor[];
    (save as tf.GradSaveFunc)([xhat, invStd, scale as tf.Tensor, offset as tf.Tensor]);
    return {
      value: y,
      gradFunc: (dy, [xh, inv, g, b]) =>
        tf.engine().runKernel(groupNormTrainingGradKernel, { dy: dy as tf.Tensor, xhat: xh, invStd: inv, scale: g, offset: b }, attrs) as tf.Tensor[],
    };
  });
  return forward(x, gamma, beta) as tf.Tensor4D;
}

/** Group normalisation (tfjs has none). Same arithmetic in training and inference. */
export class GroupNorm extends tfl.layers.Layer {
  static className = '@depthkit/core>GroupNorm';
  private readonly groups: number;
  private readonly epsilon: number;
  private readonly relu: boolean;
  private gamma!: tfl.LayerVariable;
  private beta!: tfl.LayerVariable;

  constructor(args: GroupNormArgs) {
    super({ name: args.name ?? defaultLayerName('group_norm') });
    this.groups = args.groups;
    this.epsilon = args.epsilon ?? 1e-5;
    this.relu = args.relu ?? false;
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
    return groupNormalize(x, this.groups, this.gamma.read(), this.beta.read(), this.epsilon, this.relu);
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), groups: this.groups, epsilon: this.epsilon, ...(this.relu ? { relu: true } : {}) };
  }
}

export function groupNorm(args: GroupNormArgs): GroupNorm {
  return new GroupNorm(args);
}

import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';

/**
 * Eqs. (1)–(4) for any number of scales S, coarsest first: with attention maps A_1…A_{S−1},
 * M_1 = A_1, M_k = A_k·Π_{j<k}(1 − A_j), M_S = Π_{j<S}(1 − A_j). The masks telescope to 1
 * everywhere, so each scale claims the part of the image the coarser ones left.
 */
export function hierarchicalMasks(attention: tf.Tensor4D): tf.Tensor4D {
  return tf.tidy(() => {
    const maps = tf.split(attention, attention.shape[3], 3);
    const masks: tf.Tensor[] = [];
    let remaining: tf.Tensor = tf.onesLike(maps[0]);
    for (const a of maps) {
      masks.push(tf.mul(a, remaining));
      remaining = tf.mul(remaining, tf.sub(1, a));
    }
    masks.push(remaining);
    return tf.concat(masks, 3) as tf.Tensor4D;
  });
}

/** The masks as a layer: [B, H, W, S−1] attention maps → [B, H, W, S] masks. */
export class HierarchicalMasks extends tfl.layers.Layer {
  static className = '@depthkit/hma-depth>HierarchicalMasks';

  constructor(args: { name?: string } = {}) {
    super({ name: args.name ?? 'hierarchical_masks' });
  }

  override computeOutputShape(inputShape: tfl.Shape | tfl.Shape[]): tfl.Shape {
    const [n, h, w, c] = (Array.isArray(inputShape[0]) ? inputShape[0] : inputShape) as tfl.Shape;
    return [n, h, w, c == null ? null : c + 1];
  }

  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    return hierarchicalMasks((Array.isArray(inputs) ? inputs[0] : inputs) as tf.Tensor4D);
  }
}

/** The attention-free ablation: every one of S scales weighs 1/S. [B, H, W, S] depths → masks. */
export class UniformMasks extends tfl.layers.Layer {
  static className = '@depthkit/hma-depth>UniformMasks';

  constructor(args: { name?: string } = {}) {
    super({ name: args.name ?? 'uniform_masks' });
  }

  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    const depths = (Array.isArray(inputs) ? inputs[0] : inputs) as tf.Tensor4D;
    return tf.tidy(() => tf.fill(depths.shape, 1 / depths.shape[3]));
  }
}

/** Eq. (5): D_final = Σ_s M_s · D_s over the channel axis. Inputs [masks, depths], both [B, H, W, S]. */
export class MaskedDepthSum extends tfl.layers.Layer {
  static className = '@depthkit/hma-depth>MaskedDepthSum';

  constructor(args: { name?: string } = {}) {
    super({ name: args.name ?? 'masked_depth_sum' });
  }

  override computeOutputShape(inputShape: tfl.Shape | tfl.Shape[]): tfl.Shape {
    const [n, h, w] = (inputShape as tfl.Shape[])[0];
    return [n, h, w, 1];
  }

  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    const [masks, depths] = inputs as tf.Tensor[];
    return tf.tidy(() => tf.sum(tf.mul(masks, depths), 3, true));
  }
}

let registered = false;

/** Registers this package's layers under `@depthkit/hma-depth>…` (for loading saved models). */
export function registerHmaDepthLayers(): void {
  if (registered) return;
  for (const cls of [HierarchicalMasks, UniformMasks, MaskedDepthSum]) tf.serialization.SerializationMap.register(cls);
  registered = true;
}

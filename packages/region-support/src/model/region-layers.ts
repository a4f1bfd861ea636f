import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { adaptiveAvgPool, coordinateMap, regionMeanPool } from '@depthkit/core/web';
import type { MeanShiftConfig } from '../config.js';
import { EdgePad } from './edge-pad.js';
import { meanShiftRegions } from './mean-shift.js';

const one = (inputs: tf.Tensor | tf.Tensor[]) => (Array.isArray(inputs) ? inputs[0] : inputs);
const shapeOf = (s: tfl.Shape | tfl.Shape[]) => (Array.isArray(s[0]) ? s[0] : s) as tfl.Shape;

/** δ_v: training state read by the clustering and the losses, not a weight (saved as extra state). */
export class Bandwidth {
  constructor(public deltaV: number) {}
}

/** The 2-channel location map (x, y in [−1, 1]) at its input's size. */
export class LocationMap extends tfl.layers.Layer {
  static className = '@depthkit/region-support>LocationMap';

  override computeOutputShape(inputShape: tfl.Shape | tfl.Shape[]): tfl.Shape {
    const [n, h, w] = shapeOf(inputShape);
    return [n, h, w, 2];
  }

  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    const [b, h, w] = one(inputs).shape;
    return coordinateMap(b, h, w);
  }
}

/**
 * Adaptive average pooling of a feature map to 1/k of the *input image's* size (the paper's
 * 1/8, 1/20, 1/80, 1/240), at least 1×1. Inputs [feature, image].
 */
export class PyramidPool extends tfl.layers.Layer {
  static className = '@depthkit/region-support>PyramidPool';
  readonly fraction: number;

  constructor(args: { fraction: number; name?: string }) {
    super({ name: args.name });
    this.fraction = args.fraction;
  }

  override computeOutputShape(inputShape: tfl.Shape | tfl.Shape[]): tfl.Shape {
    const [x, image] = inputShape as tfl.Shape[];
    const size = (s: number | null) => (s == null ? null : pooledSize(s, this.fraction));
    return [x[0], size(image[1]), size(image[2]), x[3]];
  }

  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    const [x, image] = inputs as tf.Tensor4D[];
    return adaptiveAvgPool(x, [pooledSize(image.shape[1], this.fraction), pooledSize(image.shape[2], this.fraction)]);
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), fraction: this.fraction };
  }
}

export function pooledSize(size: number, fraction: number): number {
  return Math.max(1, Math.round(size / fraction));
}

/**
 * The modified mean-shift as a layer: embeddings [B, H, W, E] → region ids [B, H, W, 1]
 * (float, −1 = unlabelled). It reads the values back and runs on the host, outside
 * back-propagation (§3.1.2), with the current δ_v.
 */
export class MeanShiftRegions extends tfl.layers.Layer {
  static className = '@depthkit/region-support>MeanShiftRegions';

  constructor(readonly options: MeanShiftConfig, readonly bandwidth: Bandwidth, name?: string) {
    super({ name, trainable: false });
  }

  override computeOutputShape(inputShape: tfl.Shape | tfl.Shape[]): tfl.Shape {
    const [n, h, w] = shapeOf(inputShape);
    return [n, h, w, 1];
  }

  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    const embeddings = one(inputs) as tf.Tensor4D;
    const [b, h, w, e] = embeddings.shape;
    const values = embeddings.dataSync() as Float32Array;
    const labels = new Float32Array(b * h * w);
    for (let i = 0; i < b; i++) {
      const image = { data: values.subarray(i * h * w * e, (i + 1) * h * w * e), height: h, width: w, dim: e };
      labels.set(meanShiftRegions(image, this.bandwidth.deltaV, this.options).labels, i * h * w);
    }
    return tf.tensor4d(labels, [b, h, w, 1]);
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), options: { ...this.options } };
  }
}

/** δ_v as a [B, 1, 1, 1] output, so the loss uses exactly the bandwidth the clustering used. */
export class BandwidthOutput extends tfl.layers.Layer {
  static className = '@depthkit/region-support>BandwidthOutput';

  constructor(readonly bandwidth: Bandwidth, name?: string) {
    super({ name, trainable: false });
  }

  override computeOutputShape(inputShape: tfl.Shape | tfl.Shape[]): tfl.Shape {
    return [shapeOf(inputShape)[0], 1, 1, 1];
  }

  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    return tf.fill([one(inputs).shape[0], 1, 1, 1], this.bandwidth.deltaV);
  }
}

/**
 * The region support as an input channel (§3.2): region k ↦ (k + 1)/maxRegions, unlabelled ↦ 0.
 * Regions are numbered by size, so the value says "which of the large regions" consistently.
 */
export class RegionChannel extends tfl.layers.Layer {
  static className = '@depthkit/region-support>RegionChannel';

  constructor(readonly maxRegions: number, name?: string) {
    super({ name, trainable: false });
  }

  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    const labels = one(inputs);
    return tf.tidy(() => tf.where(tf.greaterEqual(labels, 0), tf.div(tf.add(labels, 1), this.maxRegions), tf.zerosLike(labels)));
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), maxRegions: this.maxRegions };
  }
}

/**
 * Inputs [x, labels]: each labelled pixel of x replaced by its region's mean (regional depth,
 * regional feature); unlabelled pixels keep their own value (§3.2). Differentiable in x.
 * `logOfMetres`: x is log depth and the mean is taken in metres, log(mean(exp x)) — §3.2's
 * "mean depth of each region"; otherwise the plain mean of x (features, or the geometric mean).
 */
export class RegionPool extends tfl.layers.Layer {
  static className = '@depthkit/region-support>RegionPool';

  constructor(readonly maxRegions: number, name?: string, readonly logOfMetres = false) {
    super({ name, trainable: false });
  }

  override computeOutputShape(inputShape: tfl.Shape | tfl.Shape[]): tfl.Shape {
    return (inputShape as tfl.Shape[])[0];
  }

  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    const [x, labels] = inputs as tf.Tensor4D[];
    return tf.tidy(() => {
      const ids = tf.squeeze(labels, [3]);
      if (!this.logOfMetres) return regionMeanPool(x, ids, this.maxRegions).pooled;
      // Shifted by the batch's largest log depth so that exp cannot overflow; the shift cancels.
      const shift = tf.max(x);
      return tf.add(tf.log(regionMeanPool(tf.exp(tf.sub(x, shift)) as tf.Tensor4D, ids, this.maxRegions).pooled), shift);
    });
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), maxRegions: this.maxRegions, logOfMetres: this.logOfMetres };
  }
}

/**
 * §3.3's "simple average fusion" of two log-depth maps, averaged in metres:
 * log((exp a + exp b) / 2), computed shifted by max(a, b) so that exp cannot overflow.
 */
export class MetreAverage extends tfl.layers.Layer {
  static className = '@depthkit/region-support>MetreAverage';

  constructor(name?: string) {
    super({ name, trainable: false });
  }

  override computeOutputShape(inputShape: tfl.Shape | tfl.Shape[]): tfl.Shape {
    return (inputShape as tfl.Shape[])[0];
  }

  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    const [a, b] = inputs as tf.Tensor[];
    return tf.tidy(() => {
      const top = tf.maximum(a, b);
      const sum = tf.add(tf.exp(tf.sub(a, top)), tf.exp(tf.sub(b, top)));
      return tf.add(top, tf.log(tf.div(sum, 2)));
    });
  }
}

/**
 * A residual unit's join, relu(a + b), as one layer: tf.addN keeps nothing for its gradient,
 * where tf.add saves both inputs (tfjs's Add needs them only for broadcasting): the basic
 * blocks' un-activated branch outputs no longer stay alive until the backward pass.
 */
export class ResidualReLU extends tfl.layers.Layer {
  static className = '@depthkit/region-support>ResidualReLU';

  override computeOutputShape(inputShape: tfl.Shape | tfl.Shape[]): tfl.Shape {
    return (inputShape as tfl.Shape[])[0];
  }

  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    return tf.tidy(() => tf.relu(tf.addN(inputs as tf.Tensor[])));
  }
}

let registered = false;

/** Registers this package's stateless layers under `@depthkit/region-support>…`. */
export function registerRegionSupportLayers(): void {
  if (registered) return;
  for (const cls of [LocationMap, PyramidPool, RegionChannel, RegionPool, MetreAverage, ResidualReLU, EdgePad]) tf.serialization.SerializationMap.register(cls);
  registered = true;
}

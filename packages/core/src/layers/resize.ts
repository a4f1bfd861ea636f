import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { defaultLayerName } from './layer-names.js';

export type ResizeConvention = 'half-pixel' | 'align-corners' | 'legacy';

export interface ResizeArgs {
  /** Integer scale factors [rows, cols]; the output is [h·sy, w·sx]. */
  scale: [number, number];
  interpolation?: 'bilinear' | 'nearest';
  /**
   * `half-pixel` (default) is PyTorch's `align_corners=False` and TF2's; `align-corners` is
   * `align_corners=True`; `legacy` is TF1's (and tf.layers.upSampling2d's) corner-anchored grid.
   */
  convention?: ResizeConvention;
  name?: string;
}

function conventionFlags(convention: ResizeConvention): { alignCorners: boolean; halfPixelCenters: boolean } {
  if (convention === 'align-corners') return { alignCorners: true, halfPixelCenters: false };
  if (convention === 'legacy') return { alignCorners: false, halfPixelCenters: false };
  return { alignCorners: false, halfPixelCenters: true };
}

/** Resizes an NHWC tensor with an explicit sampling convention (see ResizeConvention). */
export function resizeImages(
  x: tf.Tensor4D, size: [number, number], interpolation: 'bilinear' | 'nearest' = 'bilinear',
  convention: ResizeConvention = 'half-pixel',
): tf.Tensor4D {
  const { alignCorners, halfPixelCenters } = conventionFlags(convention);
  return interpolation === 'bilinear'
    ? tf.image.resizeBilinear(x, size, alignCorners, halfPixelCenters)
    : tf.image.resizeNearestNeighbor(x, size, alignCorners, halfPixelCenters);
}

/** Upsampling by integer factors with an explicit convention (tfjs's own layer is TF1-legacy only). */
export class Resize extends tfl.layers.Layer {
  static className = '@depthkit/core>Resize';
  private readonly scale: [number, number];
  private readonly interpolation: 'bilinear' | 'nearest';
  private readonly convention: ResizeConvention;

  constructor(args: ResizeArgs) {
    super({ name: args.name ?? defaultLayerName('resize') });
    this.scale = args.scale;
    this.interpolation = args.interpolation ?? 'bilinear';
    this.convention = args.convention ?? 'half-pixel';
  }

  override computeOutputShape(inputShape: tfl.Shape | tfl.Shape[]): tfl.Shape {
    const [n, h, w, c] = (Array.isArray(inputShape[0]) ? inputShape[0] : inputShape) as tfl.Shape;
    return [n, h == null ? null : h * this.scale[0], w == null ? null : w * this.scale[1], c];
  }

  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    const x = (Array.isArray(inputs) ? inputs[0] : inputs) as tf.Tensor4D;
    const [, h, w] = x.shape;
    return resizeImages(x, [h * this.scale[0], w * this.scale[1]], this.interpolation, this.convention);
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), scale: this.scale, interpolation: this.interpolation, convention: this.convention };
  }
}

export function resize(args: ResizeArgs): Resize {
  return new Resize(args);
}

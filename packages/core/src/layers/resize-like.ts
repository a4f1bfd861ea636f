import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { defaultLayerName } from './layer-names.js';
import { resizeImages, type ResizeConvention } from './resize.js';

/** Resizes its first input to the spatial size of its second (e.g. a pooled branch back to the feature map). */
export class ResizeLike extends tfl.layers.Layer {
  static className = '@depthkit/core>ResizeLike';
  private readonly interpolation: 'bilinear' | 'nearest';
  private readonly convention: ResizeConvention;

  constructor(args: { interpolation?: 'bilinear' | 'nearest'; convention?: ResizeConvention; name?: string } = {}) {
    super({ name: args.name ?? defaultLayerName('resize_like') });
    this.interpolation = args.interpolation ?? 'bilinear';
    this.convention = args.convention ?? 'half-pixel';
  }

  override computeOutputShape(inputShape: tfl.Shape | tfl.Shape[]): tfl.Shape {
    const [x, reference] = inputShape as tfl.Shape[];
    return [x[0], reference[1], reference[2], x[3]];
  }

  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    const [x, reference] = inputs as tf.Tensor4D[];
    return resizeImages(x, [reference.shape[1], reference.shape[2]], this.interpolation, this.convention);
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), interpolation: this.interpolation, convention: this.convention };
  }
}

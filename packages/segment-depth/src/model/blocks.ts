import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { batchNorm, conv2d, resize } from '@depthkit/core/web';

export interface BlockArgs {
  filters: number;
  kernelSize: number;
  strides: number;
  /** pix2pix and DCGAN leave BatchNorm out of their first layer. */
  norm: boolean;
  slope: number;
}

/** §3.3's module: convolution → BatchNorm → LeakyReLU(0.2). */
export function convBnLeaky(x: tfl.SymbolicTensor, a: BlockArgs): tfl.SymbolicTensor {
  let y = conv2d({ filters: a.filters, kernelSize: a.kernelSize, strides: a.strides, useBias: !a.norm }).apply(x) as tfl.SymbolicTensor;
  if (a.norm) y = batchNorm().apply(y) as tfl.SymbolicTensor;
  return tfl.layers.leakyReLU({ alpha: a.slope }).apply(y) as tfl.SymbolicTensor;
}

/** ×2 nearest upsampling then a 3×3 conv–BN–LeakyReLU (pix2pix's transposed conv, without its checkerboard). */
export function upBlock(x: tfl.SymbolicTensor, filters: number, slope: number): tfl.SymbolicTensor {
  const up = resize({ scale: [2, 2], interpolation: 'nearest' }).apply(x) as tfl.SymbolicTensor;
  return convBnLeaky(up, { filters, kernelSize: 3, strides: 1, norm: true, slope });
}

/** sigmoid(logits) · x: a segmentation network's soft mask selecting its part of the image (S_n(x) × x). */
export class SoftMask extends tfl.layers.Layer {
  static className = '@depthkit/segment-depth>SoftMask';

  constructor(args: { name: string }) {
    // tfjs would derive the name from the class name, whose '>' is not valid in tensor names.
    super(args);
  }

  override computeOutputShape(inputShape: tfl.Shape | tfl.Shape[]): tfl.Shape {
    return (inputShape as tfl.Shape[])[0];
  }

  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    const [x, logits] = inputs as tf.Tensor[];
    return tf.mul(x, tf.sigmoid(logits));
  }
}

let registered = false;

/** Registers the package's layers for tfjs deserialisation (loading rebuilds from the config, so only tools that parse topologies need it). */
export function registerSegmentDepthLayers(): void {
  if (registered) return;
  tf.serialization.registerClass(SoftMask);
  registered = true;
}

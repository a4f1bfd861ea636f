import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { batchNorm } from './batch-norm.js';
import { conv2d } from './conv2d.js';
import { defaultLayerName } from './layer-names.js';

export interface AsppArgs {
  rates: number[];
  /** Output channels of each branch (v2: the class count, as its branches emit logits). */
  filters: number;
  /**
   * `v2` (DeepLab v2): one 3×3 atrous conv per rate, outputs summed.
   * `v3` (DeepLab v3): 1×1 conv, 3×3 atrous convs and image pooling, each conv+BN+ReLU,
   * concatenated and projected by a 1×1 conv+BN+ReLU.
   */
  style?: 'v2' | 'v3';
  name?: string;
}

/** Global average pooling broadcast back over H×W (DeepLab v3's image-level branch). */
export class ImagePooling extends tfl.layers.Layer {
  static className = '@depthkit/core>ImagePooling';
  constructor(args: { name?: string } = {}) {
    super({ name: args.name ?? defaultLayerName('image_pooling') });
  }

  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    const x = (Array.isArray(inputs) ? inputs[0] : inputs) as tf.Tensor4D;
    return tf.tidy(() => tf.add(tf.zerosLike(x), tf.mean(x, [1, 2], true)));
  }
}

function convBnRelu(x: tfl.SymbolicTensor, filters: number, kernelSize: number, dilation: number, name: string): tfl.SymbolicTensor {
  const conv = conv2d({ filters, kernelSize, dilation, useBias: false, name: `${name}_conv` }).apply(x) as tfl.SymbolicTensor;
  const bn = batchNorm({ name: `${name}_bn` }).apply(conv) as tfl.SymbolicTensor;
  return tfl.layers.reLU({ name: `${name}_relu` }).apply(bn) as tfl.SymbolicTensor;
}

/** Atrous spatial pyramid pooling on a symbolic NHWC feature map. */
export function aspp(x: tfl.SymbolicTensor, args: AsppArgs): tfl.SymbolicTensor {
  const name = args.name ?? defaultLayerName('aspp');
  if ((args.style ?? 'v2') === 'v2') {
    const branches = args.rates.map((rate) =>
      conv2d({ filters: args.filters, kernelSize: 3, dilation: rate, name: `${name}_rate${rate}` }).apply(x) as tfl.SymbolicTensor);
    return branches.length === 1 ? branches[0] : (tfl.layers.add({ name: `${name}_sum` }).apply(branches) as tfl.SymbolicTensor);
  }
  const branches = [
    convBnRelu(x, args.filters, 1, 1, `${name}_1x1`),
    ...args.rates.map((rate) => convBnRelu(x, args.filters, 3, rate, `${name}_rate${rate}`)),
    convBnRelu(new ImagePooling({ name: `${name}_pool` }).apply(x) as tfl.SymbolicTensor, args.filters, 1, 1, `${name}_image`),
  ];
  const merged = tfl.layers.concatenate({ name: `${name}_concat` }).apply(branches) as tfl.SymbolicTensor;
  return convBnRelu(merged, args.filters, 1, 1, `${name}_project`);
}

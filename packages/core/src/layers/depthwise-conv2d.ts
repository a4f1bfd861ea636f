import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { defaultLayerName } from './layer-names.js';
import { withDefaults } from './with-defaults.js';

export interface DepthwiseConv2DArgs {
  kernelSize: number;
  strides?: number;
  dilation?: number;
  depthMultiplier?: number;
  padding?: 'same' | 'valid';
  useBias?: boolean;
  name?: string;
}

/**
 * Depthwise convolution through the unfused op, whose gradient depthkit's engine extends to
 * dilation > 1 (DS-SIDENet's d2 blocks). He-normal weights over the kernel's fan-in.
 */
export class DepthwiseConv2D extends tfl.layers.Layer {
  static className = '@depthkit/core>DepthwiseConv2D';
  private readonly args: Required<Omit<DepthwiseConv2DArgs, 'name'>>;
  private kernel!: tfl.LayerVariable;
  private bias?: tfl.LayerVariable;

  constructor(args: DepthwiseConv2DArgs) {
    super({ name: args.name ?? defaultLayerName('depthwise_conv2d') });
    this.args = withDefaults({ strides: 1, dilation: 1, depthMultiplier: 1, padding: 'same' as const, useBias: false }, args) as Required<Omit<DepthwiseConv2DArgs, 'name'>>;
    if (this.args.strides > 1 && this.args.dilation > 1) {
      throw new Error(`${this.name}: strides ${this.args.strides} with dilation ${this.args.dilation}: one of them must be 1`);
    }
  }

  override build(inputShape: tfl.Shape | tfl.Shape[]): void {
    const shape = (Array.isArray(inputShape[0]) ? inputShape[0] : inputShape) as tfl.Shape;
    const channels = shape[shape.length - 1];
    if (channels == null) throw new Error(`${this.name}: the input channel count must be known`);
    const k = this.args.kernelSize;
    this.kernel = this.addWeight('depthwise_kernel', [k, k, channels, this.args.depthMultiplier], 'float32',
      tfl.initializers.heNormal({}));
    if (this.args.useBias) {
      this.bias = this.addWeight('bias', [channels * this.args.depthMultiplier], 'float32', tfl.initializers.zeros());
    }
    this.built = true;
  }

  override computeOutputShape(inputShape: tfl.Shape | tfl.Shape[]): tfl.Shape {
    const [n, h, w, c] = (Array.isArray(inputShape[0]) ? inputShape[0] : inputShape) as tfl.Shape;
    const { kernelSize: k, strides: s, dilation: d, padding, depthMultiplier } = this.args;
    const size = (v: number | null) => (v == null ? null : padding === 'same' ? Math.ceil(v / s) : Math.ceil((v - (k - 1) * d) / s));
    return [n, size(h), size(w), c == null ? null : c * depthMultiplier];
  }

  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    const x = (Array.isArray(inputs) ? inputs[0] : inputs) as tf.Tensor4D;
    const { strides, padding, dilation } = this.args;
    const y = tf.depthwiseConv2d(x, this.kernel.read() as tf.Tensor4D, strides, padding, 'NHWC', dilation);
    return this.bias != null ? tf.add(y, this.bias.read()) : y;
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), ...this.args };
  }
}

export function depthwiseConv2d(args: DepthwiseConv2DArgs): DepthwiseConv2D {
  return new DepthwiseConv2D(args);
}

import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { defaultLayerName } from './layer-names.js';
import { withDefaults } from './with-defaults.js';

export interface Conv2DArgs {
  filters: number;
  kernelSize: number | [number, number];
  strides?: number | [number, number];
  dilation?: number | [number, number];
  padding?: 'same' | 'valid';
  useBias?: boolean;
  name?: string;
}

const pair = (v: number | [number, number]): [number, number] => (typeof v === 'number' ? [v, v] : v);

/**
 * A 2-D convolution through the unfused `tf.conv2d` op, whose gradient depthkit's engine
 * extends to dilation rates > 1. tfjs-layers' conv2d calls the fused op, whose built-in gradient
 * refuses dilation; ASPP, atrous backbones and DS-SIDENet's d2 blocks train through this layer.
 * He-normal weights (fan-in), zero bias.
 */
export class Conv2D extends tfl.layers.Layer {
  static className = '@depthkit/core>Conv2D';
  private readonly args: Required<Omit<Conv2DArgs, 'name'>>;
  private kernel!: tfl.LayerVariable;
  private bias?: tfl.LayerVariable;

  constructor(args: Conv2DArgs) {
    super({ name: args.name ?? defaultLayerName('conv2d') });
    this.args = withDefaults({ strides: 1, dilation: 1, padding: 'same' as const, useBias: true }, args) as Required<Omit<Conv2DArgs, 'name'>>;
    const [sh, sw] = pair(this.args.strides);
    const [dh, dw] = pair(this.args.dilation);
    if ((sh > 1 || sw > 1) && (dh > 1 || dw > 1)) {
      throw new Error(`${this.name}: strides ${[sh, sw]} with dilation ${[dh, dw]}: one of them must be 1`);
    }
  }

  override build(inputShape: tfl.Shape | tfl.Shape[]): void {
    const shape = (Array.isArray(inputShape[0]) ? inputShape[0] : inputShape) as tfl.Shape;
    const channels = shape[shape.length - 1];
    if (channels == null) throw new Error(`${this.name}: the input channel count must be known`);
    const [kh, kw] = pair(this.args.kernelSize);
    this.kernel = this.addWeight('kernel', [kh, kw, channels, this.args.filters], 'float32',
      tfl.initializers.heNormal({ seed: undefined }));
    if (this.args.useBias) this.bias = this.addWeight('bias', [this.args.filters], 'float32', tfl.initializers.zeros());
    this.built = true;
  }

  override computeOutputShape(inputShape: tfl.Shape | tfl.Shape[]): tfl.Shape {
    const [n, h, w] = (Array.isArray(inputShape[0]) ? inputShape[0] : inputShape) as tfl.Shape;
    const [kh, kw] = pair(this.args.kernelSize);
    const [sh, sw] = pair(this.args.strides);
    const [dh, dw] = pair(this.args.dilation);
    const size = (s: number | null, k: number, st: number, d: number) => {
      if (s == null) return null;
      return this.args.padding === 'same' ? Math.ceil(s / st) : Math.ceil((s - (k - 1) * d) / st);
    };
    return [n, size(h, kh, sh, dh), size(w, kw, sw, dw), this.args.filters];
  }

  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    const x = (Array.isArray(inputs) ? inputs[0] : inputs) as tf.Tensor4D;
    const y = tf.conv2d(x, this.kernel.read() as tf.Tensor4D, pair(this.args.strides), this.args.padding, 'NHWC', pair(this.args.dilation));
    return this.bias != null ? tf.add(y, this.bias.read()) : y;
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), ...this.args };
  }
}

export function conv2d(args: Conv2DArgs): Conv2D {
  return new Conv2D(args);
}

import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { defaultLayerName } from '../layers/layer-names.js';

export interface GroupedConv2DArgs {
  filters: number;
  kernelSize: number;
  groups: number;
  strides?: number;
  dilation?: number;
  padding?: 'same' | 'valid';
  useBias?: boolean;
  name?: string;
}

/**
 * A grouped 2-D convolution (PyTorch's `groups`, ResNeXt's cardinality), which tfjs lacks.
 * One kernel `[k, k, in/groups, filters]` — PyTorch's OIHW weight transposed, output channel o
 * in group ⌊o / (filters/groups)⌋ — applied by splitting input and kernel into `groups` slices
 * and concatenating the `tf.conv2d` results. The unfused `tf.conv2d` keeps dilated grouped
 * convolutions trainable through depthkit's gradient, and a slice per group costs the grouped
 * FLOPs instead of the `groups`× of a block-diagonal dense kernel.
 */
export class GroupedConv2D extends tfl.layers.Layer {
  static className = '@depthkit/core>GroupedConv2D';
  private readonly args: Required<Omit<GroupedConv2DArgs, 'name'>>;
  private kernel!: tfl.LayerVariable;
  private bias?: tfl.LayerVariable;

  constructor(args: GroupedConv2DArgs) {
    super({ name: args.name ?? defaultLayerName('grouped_conv2d') });
    this.args = { strides: 1, dilation: 1, padding: 'same', useBias: true, ...args };
    const { filters, groups, strides, dilation } = this.args;
    if (!Number.isInteger(groups) || groups < 1 || filters % groups !== 0) {
      throw new Error(`${this.name}: expected groups to be a positive divisor of filters ${filters}, found ${groups}`);
    }
    if (strides > 1 && dilation > 1) throw new Error(`${this.name}: strides ${strides} with dilation ${dilation}: one of them must be 1`);
  }

  override build(inputShape: tfl.Shape | tfl.Shape[]): void {
    const shape = (Array.isArray(inputShape[0]) ? inputShape[0] : inputShape) as tfl.Shape;
    const channels = shape[shape.length - 1];
    if (channels == null || channels % this.args.groups !== 0) {
      throw new Error(`${this.name}: expected input channels divisible by groups ${this.args.groups}, found ${channels}`);
    }
    const k = this.args.kernelSize;
    this.kernel = this.addWeight('kernel', [k, k, channels / this.args.groups, this.args.filters], 'float32',
      tfl.initializers.heNormal({ seed: undefined }));
    if (this.args.useBias) this.bias = this.addWeight('bias', [this.args.filters], 'float32', tfl.initializers.zeros());
    this.built = true;
  }

  override computeOutputShape(inputShape: tfl.Shape | tfl.Shape[]): tfl.Shape {
    const [n, h, w] = (Array.isArray(inputShape[0]) ? inputShape[0] : inputShape) as tfl.Shape;
    const { kernelSize: k, strides: s, dilation: d, padding } = this.args;
    const size = (x: number | null) => (x == null ? null : padding === 'same' ? Math.ceil(x / s) : Math.ceil((x - (k - 1) * d) / s));
    return [n, size(h), size(w), this.args.filters];
  }

  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    const x = (Array.isArray(inputs) ? inputs[0] : inputs) as tf.Tensor4D;
    const { groups, strides, padding, dilation } = this.args;
    const y = groupedConvolution(x, this.kernel.read() as tf.Tensor4D, groups, strides, padding, dilation);
    return this.bias != null ? tf.add(y, this.bias.read()) : y;
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), ...this.args };
  }
}

/** `groups` independent `tf.conv2d`s over matching slices of the input and kernel channels. */
export function groupedConvolution(
  x: tf.Tensor4D, kernel: tf.Tensor4D, groups: number, strides: number, padding: 'same' | 'valid', dilation: number,
): tf.Tensor4D {
  const conv = (xi: tf.Tensor4D, ki: tf.Tensor4D) => tf.conv2d(xi, ki, strides, padding, 'NHWC', dilation);
  if (groups === 1) return conv(x, kernel);
  if (tf.getKernel(groupedConvKernel, tf.getBackend()) != null) return nativeGroupedConvolution(x, kernel, groups, strides, padding, dilation);
  const xs = tf.split(x, groups, 3) as tf.Tensor4D[];
  const ks = tf.split(kernel, groups, 3) as tf.Tensor4D[];
  return tf.concat(xs.map((xi, i) => conv(xi, ks[i])), 3);
}

/**
 * A backend may run the whole grouped convolution as one kernel (onednn does):
 * ({x, filter}, {strides, pad, dilations, groups}) and its two backprops, attrs plus
 * inputShape / filterShape, with this function's kernel layout.
 */
export const groupedConvKernel = 'DepthkitGroupedConv2D';

function nativeGroupedConvolution(
  x: tf.Tensor4D, kernel: tf.Tensor4D, groups: number, strides: number, padding: 'same' | 'valid', dilation: number,
): tf.Tensor4D {
  const attrs = { strides: [strides, strides], pad: padding, dilations: [dilation, dilation], groups, dataFormat: 'NHWC' };
  const run = (name: string, inputs: tf.NamedTensorMap, extra: object = {}) =>
    tf.engine().runKernel(name, inputs, { ...attrs, ...extra } as unknown as tf.NamedAttrMap) as tf.Tensor4D;
  const op = tf.customGrad((input, filter, save) => {
    (save as tf.GradSaveFunc)([input as tf.Tensor, filter as tf.Tensor]);
    return {
      value: run(groupedConvKernel, { x: input as tf.Tensor, filter: filter as tf.Tensor }),
      gradFunc: (dy, saved) => {
        const [xs, ks] = saved;
        return [
          run(`${groupedConvKernel}BackpropInput`, { dy: dy as tf.Tensor, filter: ks }, { inputShape: xs.shape }),
          run(`${groupedConvKernel}BackpropFilter`, { x: xs, dy: dy as tf.Tensor }, { filterShape: ks.shape }),
        ];
      },
    };
  });
  return op(x, kernel) as tf.Tensor4D;
}

export function groupedConv2d(args: GroupedConv2DArgs): GroupedConv2D {
  return new GroupedConv2D(args);
}

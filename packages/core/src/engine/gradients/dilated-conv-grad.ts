import type { GradConfig, NamedAttrMap, Tensor, Tensor4D } from '@tensorflow/tfjs-core';
import * as tf from '@tensorflow/tfjs-core';

type Pad = 'same' | 'valid' | number | [[number, number], [number, number], [number, number], [number, number]];

interface ConvAttrs {
  strides: [number, number] | number;
  pad: Pad;
  dilations?: [number, number] | number;
  dimRoundingMode?: 'floor' | 'round' | 'ceil';
  dataFormat?: 'NHWC' | 'NCHW';
}

type ConvKind = 'conv2d' | 'depthwise';

const backpropKernels = {
  conv2d: { input: 'Conv2DBackpropInput', filter: 'Conv2DBackpropFilter' },
  depthwise: { input: 'DepthwiseConv2dNativeBackpropInput', filter: 'DepthwiseConv2dNativeBackpropFilter' },
} as const;

function backpropInput(kind: ConvKind, inputShape: number[], dy: Tensor, filter: Tensor, attrs: ConvAttrs): Tensor4D {
  return tf.engine().runKernel(
    backpropKernels[kind].input,
    { dy, filter },
    { ...attrs, dilations: attrs.dilations ?? [1, 1], dataFormat: 'NHWC', inputShape } as unknown as NamedAttrMap,
  ) as Tensor4D;
}

function backpropFilter(kind: ConvKind, x: Tensor, dy: Tensor, filterShape: number[], attrs: ConvAttrs): Tensor4D {
  return tf.engine().runKernel(
    backpropKernels[kind].filter,
    { x, dy },
    { ...attrs, dilations: attrs.dilations ?? [1, 1], dataFormat: 'NHWC', filterShape } as unknown as NamedAttrMap,
  ) as Tensor4D;
}

/**
 * depthkit's wasm kernels take the dilation directly (a dilated XNNPACK conv of the flipped
 * filter; im2col with dilated offsets), which beats space-to-batch by far when the dilation is
 * large next to the feature map (ASPP's rate 24 on a 1/8 map); onednn's backprops are dilated
 * convolutions natively.
 */
function kernelsTakeDilation(): boolean {
  const backend = tf.getBackend();
  return backend === 'wasm' || backend === 'onednn';
}

/**
 * Gradients of a dilated convolution the way TensorFlow computes the op itself: a dilated
 * stride-1 conv of x equals batch-to-space(conv(space-to-batch(pad(x)))), so its gradients are
 * the ordinary (undilated) backprop kernels applied on the space-to-batch grid. Only kernels
 * every backend has are used, so this works on cpu, wasm and tfjs-node alike.
 */
function dilatedGradients(kind: ConvKind, x: Tensor4D, filter: Tensor4D, dy: Tensor4D, attrs: ConvAttrs) {
  const info = tf.backend_util.computeConv2DInfo(
    x.shape, filter.shape, attrs.strides, attrs.dilations ?? 1, attrs.pad, attrs.dimRoundingMode,
    kind === 'depthwise',
  );
  const { dilationHeight: dh, dilationWidth: dw, filterHeight: kh, filterWidth: kw } = info;
  const { top, bottom, left, right } = info.padInfo;
  const [n, h, w, c] = x.shape;
  const paddedH = Math.ceil((h + top + bottom) / dh) * dh;
  const paddedW = Math.ceil((w + left + right) / dw) * dw;
  const gridOutH = paddedH / dh - kh + 1;
  const gridOutW = paddedW / dw - kw + 1;
  const plain: ConvAttrs = { strides: 1, pad: 'valid', dimRoundingMode: undefined, dilations: [1, 1] };
  const gridX = () =>
    tf.spaceToBatchND(
      tf.pad(x, [[0, 0], [top, paddedH - h - top], [left, paddedW - w - left], [0, 0]]),
      [dh, dw], [[0, 0], [0, 0]],
    );
  const gridDy = () =>
    tf.spaceToBatchND(
      tf.pad(dy, [[0, 0], [0, gridOutH * dh - info.outHeight], [0, gridOutW * dw - info.outWidth], [0, 0]]),
      [dh, dw], [[0, 0], [0, 0]],
    );
  return {
    x: () => {
      const gx = gridX();
      const dxGrid = backpropInput(kind, gx.shape, gridDy(), filter, plain);
      const dxPadded = tf.batchToSpaceND(dxGrid, [dh, dw], [[0, 0], [0, 0]]) as Tensor4D;
      return tf.slice(dxPadded, [0, top, left, 0], [n, h, w, c]);
    },
    filter: () => backpropFilter(kind, gridX(), gridDy(), filter.shape, plain),
  };
}

function isUndilated(dilations: ConvAttrs['dilations']): boolean {
  if (dilations == null) return true;
  return typeof dilations === 'number' ? dilations === 1 : dilations[0] === 1 && dilations[1] === 1;
}

function makeConvGradConfig(kernelName: 'Conv2D' | 'DepthwiseConv2dNative', kind: ConvKind): GradConfig {
  return {
    kernelName,
    inputsToSave: ['x', 'filter'],
    gradFunc: (dy, saved, attrs) => {
      const [x, filter] = saved as [Tensor4D, Tensor4D];
      const a = attrs as unknown as ConvAttrs;
      if (a.dataFormat === 'NCHW') {
        throw new Error(`depthkit: gradient of ${kernelName} supports NHWC only`);
      }
      const dy4 = dy as Tensor4D;
      if (!isUndilated(a.dilations) && !kernelsTakeDilation()) return dilatedGradients(kind, x, filter, dy4, a);
      return {
        x: () => backpropInput(kind, x.shape, dy4, filter, a),
        filter: () => backpropFilter(kind, x, dy4, filter.shape, a),
      };
    },
  };
}

/** Conv2D and DepthwiseConv2dNative gradients that, unlike tfjs's, accept dilation rates > 1. */
export const dilatedConvGradConfigs: GradConfig[] = [
  makeConvGradConfig('Conv2D', 'conv2d'),
  makeConvGradConfig('DepthwiseConv2dNative', 'depthwise'),
];

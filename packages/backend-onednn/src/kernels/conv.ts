import { backend_util } from '@tensorflow/tfjs-core';
import type { KernelConfig, KernelFunc, TensorInfo } from '@tensorflow/tfjs-core';
import { nativeActivation } from './activation.js';
import { allFloat32, float32Values, nativeOutput, sizeOf, withFallback, type KernelArgs } from './tensor-data.js';

type Pad = 'same' | 'valid' | number | backend_util.ExplicitPadding;

interface ConvAttrs {
  strides: number | [number, number];
  pad: Pad;
  dataFormat?: 'NHWC' | 'NCHW' | 'channelsLast' | 'channelsFirst';
  dilations?: number | [number, number];
  dimRoundingMode?: 'floor' | 'round' | 'ceil';
  activation?: string;
  leakyreluAlpha?: number;
  inputShape?: [number, number, number, number];
  filterShape?: [number, number, number, number];
}

/** The addon's convolution geometry; depthwise is a grouped conv with one input channel per group. */
export function convGeometry(info: backend_util.Conv2DInfo, depthwise: boolean, groupCount = 1): number[] {
  const { padInfo: p } = info;
  const groups = depthwise ? info.inChannels : groupCount;
  return [
    info.batchSize, info.inHeight, info.inWidth, info.inChannels, info.outHeight, info.outWidth, info.outChannels,
    info.filterHeight, info.filterWidth, groups, info.strideHeight, info.strideWidth,
    info.dilationHeight, info.dilationWidth, p.top, p.left, p.bottom, p.right,
  ];
}

/** oneDNN's output-size rule; tfjs's 'ceil'/'round' explicit paddings can disagree (then: cpu kernel). */
function oneDnnAgrees(info: backend_util.Conv2DInfo): boolean {
  const out = (size: number, k: number, s: number, d: number, p0: number, p1: number) =>
    Math.floor((size - ((k - 1) * d + 1) + p0 + p1) / s) + 1;
  const p = info.padInfo;
  return p.top >= 0 && p.bottom >= 0 && p.left >= 0 && p.right >= 0
    && out(info.inHeight, info.filterHeight, info.strideHeight, info.dilationHeight, p.top, p.bottom) === info.outHeight
    && out(info.inWidth, info.filterWidth, info.strideWidth, info.dilationWidth, p.left, p.right) === info.outWidth;
}

function channelsLast(attrs: ConvAttrs): boolean {
  return attrs.dataFormat == null || attrs.dataFormat === 'NHWC' || attrs.dataFormat === 'channelsLast';
}

function infoFor(xShape: number[], filterShape: number[], attrs: ConvAttrs, depthwise: boolean): backend_util.Conv2DInfo | null {
  if (!channelsLast(attrs)) return null;
  const info = backend_util.computeConv2DInfo(
    xShape as [number, number, number, number], filterShape as [number, number, number, number],
    attrs.strides, attrs.dilations ?? 1, attrs.pad, attrs.dimRoundingMode, depthwise, 'channelsLast',
  );
  return oneDnnAgrees(info) ? info : null;
}

function forward(depthwise: boolean, fused: boolean) {
  return ({ inputs, backend, attrs }: KernelArgs): TensorInfo | null => {
    const { x, filter, bias, preluActivationWeights } = inputs;
    const a = attrs as unknown as ConvAttrs;
    if (preluActivationWeights != null) return null;
    const activation = fused ? nativeActivation(a.activation, a.leakyreluAlpha) : [0, 0];
    if (activation == null) return null;
    const values = allFloat32(backend, x, filter);
    if (values == null) return null;
    const info = infoFor(x.shape, filter.shape, a, depthwise);
    if (info == null) return null;
    let biasValues: Float32Array | null = null;
    if (bias != null) {
      biasValues = float32Values(backend, bias);
      if (biasValues == null || sizeOf(bias.shape) !== info.outChannels) return null;
    }
    return nativeOutput(backend, info.outShape, (y) =>
      backend.addon.convForward(values[0], values[1], biasValues, y, convGeometry(info, depthwise), activation[0], activation[1]));
  };
}

function backwardData(depthwise: boolean) {
  return ({ inputs, backend, attrs }: KernelArgs): TensorInfo | null => {
    const { dy, filter } = inputs;
    const a = attrs as unknown as ConvAttrs;
    const values = allFloat32(backend, dy, filter);
    if (values == null || a.inputShape == null) return null;
    const info = infoFor(a.inputShape, filter.shape, a, depthwise);
    if (info == null) return null;
    return nativeOutput(backend, [...a.inputShape], (dx) =>
      backend.addon.convBackwardData(values[0], values[1], dx, convGeometry(info, depthwise)));
  };
}

function backwardFilter(depthwise: boolean) {
  return ({ inputs, backend, attrs }: KernelArgs): TensorInfo | null => {
    const { x, dy } = inputs;
    const a = attrs as unknown as ConvAttrs;
    const values = allFloat32(backend, x, dy);
    if (values == null || a.filterShape == null) return null;
    const info = infoFor(x.shape, a.filterShape, a, depthwise);
    if (info == null) return null;
    return nativeOutput(backend, [...a.filterShape], (dw) =>
      backend.addon.convBackwardWeights(values[0], values[1], dw, convGeometry(info, depthwise)));
  };
}

/**
 * Kernel names @depthkit/core's groupedConvolution (ResNeXt) looks for on the active backend:
 * ({x, filter}, {strides, pad, dilations, groups}) with filter [k, k, in/groups, out], output
 * channel o in group ⌊o / (out/groups)⌋; and the two backprops (attrs add inputShape /
 * filterShape). One oneDNN grouped convolution instead of a split, `groups` convs and a concat.
 */
export const groupedConvKernelNames = {
  forward: 'DepthkitGroupedConv2D',
  input: 'DepthkitGroupedConv2DBackpropInput',
  filter: 'DepthkitGroupedConv2DBackpropFilter',
} as const;

function groupedInfo(xShape: number[], filterShape: number[], attrs: ConvAttrs & { groups?: number }): { info: backend_util.Conv2DInfo; groups: number } {
  const groups = attrs.groups ?? 1;
  const info = infoFor(xShape, filterShape, attrs, false);
  if (info == null || !Number.isInteger(groups) || groups < 1 || xShape[3] !== filterShape[2] * groups || filterShape[3] % groups !== 0) {
    throw new Error(`DepthkitGroupedConv2D (onednn): x [${xShape}], filter [${filterShape}] and groups ${groups} do not make a grouped convolution oneDNN can run`);
  }
  return { info, groups };
}

function groupedForward({ inputs, backend, attrs }: KernelArgs): TensorInfo {
  const { x, filter } = inputs;
  const { info, groups } = groupedInfo(x.shape, filter.shape, attrs as unknown as ConvAttrs);
  const values = allFloat32(backend, x, filter)!;
  return nativeOutput(backend, info.outShape, (y) => backend.addon.convForward(values[0], values[1], null, y, convGeometry(info, false, groups), 0, 0));
}

function groupedBackwardInput({ inputs, backend, attrs }: KernelArgs): TensorInfo {
  const { dy, filter } = inputs;
  const a = attrs as unknown as ConvAttrs;
  const { info, groups } = groupedInfo(a.inputShape!, filter.shape, a);
  const values = allFloat32(backend, dy, filter)!;
  return nativeOutput(backend, [...a.inputShape!], (dx) => backend.addon.convBackwardData(values[0], values[1], dx, convGeometry(info, false, groups)));
}

function groupedBackwardFilter({ inputs, backend, attrs }: KernelArgs): TensorInfo {
  const { x, dy } = inputs;
  const a = attrs as unknown as ConvAttrs;
  const { info, groups } = groupedInfo(x.shape, a.filterShape!, a);
  const values = allFloat32(backend, x, dy)!;
  return nativeOutput(backend, [...a.filterShape!], (dw) => backend.addon.convBackwardWeights(values[0], values[1], dw, convGeometry(info, false, groups)));
}

/**
 * Native convolutions: plain and depthwise, forward (fused bias + activation as post-ops) and
 * both backprops, with any stride, dilation and padding — no space-to-batch.
 */
export function convKernels(stock: (name: string) => KernelFunc, backendName: string): KernelConfig[] {
  const make = (kernelName: string, native: (args: KernelArgs) => TensorInfo | null): KernelConfig => ({
    kernelName, backendName, kernelFunc: withFallback(stock(kernelName), native),
  });
  return [
    make('Conv2D', forward(false, false)),
    make('FusedConv2D', forward(false, true)),
    make('Conv2DBackpropInput', backwardData(false)),
    make('Conv2DBackpropFilter', backwardFilter(false)),
    make('DepthwiseConv2dNative', forward(true, false)),
    make('FusedDepthwiseConv2D', forward(true, true)),
    make('DepthwiseConv2dNativeBackpropInput', backwardData(true)),
    make('DepthwiseConv2dNativeBackpropFilter', backwardFilter(true)),
    { kernelName: groupedConvKernelNames.forward, backendName, kernelFunc: groupedForward as never },
    { kernelName: groupedConvKernelNames.input, backendName, kernelFunc: groupedBackwardInput as never },
    { kernelName: groupedConvKernelNames.filter, backendName, kernelFunc: groupedBackwardFilter as never },
  ];
}

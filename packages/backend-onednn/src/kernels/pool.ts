import { backend_util } from '@tensorflow/tfjs-core';
import type { KernelConfig, KernelFunc, TensorInfo } from '@tensorflow/tfjs-core';
import { allFloat32, nativeOutput, withFallback, type KernelArgs } from './tensor-data.js';

interface PoolAttrs {
  filterSize: number | [number, number];
  strides: number | [number, number];
  pad: 'same' | 'valid' | number | backend_util.ExplicitPadding;
  dimRoundingMode?: 'floor' | 'round' | 'ceil';
}

const kinds = { max: 0, avg: 1 } as const;

function poolInfo(shape: number[], a: PoolAttrs): number[] | null {
  const info = backend_util.computePool2DInfo(shape as [number, number, number, number], a.filterSize, a.strides, 1, a.pad, a.dimRoundingMode);
  const p = info.padInfo;
  const fits = (size: number, k: number, s: number, p0: number, p1: number, out: number) =>
    p0 >= 0 && p1 >= 0 && Math.floor((size - k + p0 + p1) / s) + 1 === out;
  if (!fits(info.inHeight, info.filterHeight, info.strideHeight, p.top, p.bottom, info.outHeight)) return null;
  if (!fits(info.inWidth, info.filterWidth, info.strideWidth, p.left, p.right, info.outWidth)) return null;
  return [info.batchSize, info.inHeight, info.inWidth, info.inChannels, info.outHeight, info.outWidth,
    info.filterHeight, info.filterWidth, info.strideHeight, info.strideWidth, p.top, p.left, p.bottom, p.right];
}

function forward(kind: keyof typeof kinds) {
  return ({ inputs, backend, attrs }: KernelArgs): TensorInfo | null => {
    const { x } = inputs;
    const values = allFloat32(backend, x);
    if (values == null || x.shape.length !== 4) return null;
    const g = poolInfo(x.shape, attrs as unknown as PoolAttrs);
    if (g == null) return null;
    return nativeOutput(backend, [g[0], g[4], g[5], g[3]], (y) => backend.addon.poolForward(kinds[kind], values[0], y, g));
  };
}

function backward(kind: keyof typeof kinds) {
  return ({ inputs, backend, attrs }: KernelArgs): TensorInfo | null => {
    const { dy, input } = inputs;
    const values = allFloat32(backend, dy, input);
    if (values == null || input.shape.length !== 4) return null;
    const g = poolInfo(input.shape, attrs as unknown as PoolAttrs);
    if (g == null) return null;
    return nativeOutput(backend, [...input.shape], (dx) =>
      backend.addon.poolBackward(kinds[kind], kind === 'max' ? values[1] : null, values[0], dx, g));
  };
}

/**
 * MaxPool / AvgPool and their gradients. Average pooling excludes padding in both directions,
 * so AvgPoolGrad is the forward's true adjoint (tfjs's cpu AvgPoolGrad divides by the full
 * window at padded borders, which is not the gradient of its own forward).
 */
export function poolKernels(stock: (name: string) => KernelFunc, backendName: string): KernelConfig[] {
  const make = (kernelName: string, native: (args: KernelArgs) => TensorInfo | null): KernelConfig => ({
    kernelName, backendName, kernelFunc: withFallback(stock(kernelName), native),
  });
  return [
    make('MaxPool', forward('max')),
    make('AvgPool', forward('avg')),
    make('MaxPoolGrad', backward('max')),
    make('AvgPoolGrad', backward('avg')),
  ];
}

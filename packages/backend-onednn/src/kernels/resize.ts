import type { KernelConfig, KernelFunc, TensorInfo } from '@tensorflow/tfjs-core';
import { allFloat32, nativeOutput, withFallback, type KernelArgs } from './tensor-data.js';

interface ResizeAttrs {
  alignCorners: boolean;
  halfPixelCenters?: boolean;
  size?: [number, number];
}

function flags(a: ResizeAttrs): number[] {
  return [a.alignCorners ? 1 : 0, a.halfPixelCenters === true ? 1 : 0];
}

function resize({ inputs, backend, attrs }: KernelArgs): TensorInfo | null {
  const { images } = inputs;
  const a = attrs as unknown as ResizeAttrs;
  const values = allFloat32(backend, images);
  if (values == null || images.shape.length !== 4 || a.size == null) return null;
  const [n, h, w, c] = images.shape;
  const [oh, ow] = a.size;
  if (oh <= 0 || ow <= 0) return null;
  return nativeOutput(backend, [n, oh, ow, c], (y) => backend.addon.resizeBilinear(values[0], y, [n, h, w, c, oh, ow], flags(a)));
}

function resizeGrad({ inputs, backend, attrs }: KernelArgs): TensorInfo | null {
  const { images, dy } = inputs;
  const values = allFloat32(backend, dy);
  if (values == null || images.shape.length !== 4) return null;
  const [n, h, w, c] = images.shape;
  const [, oh, ow] = dy.shape;
  return nativeOutput(backend, [n, h, w, c], (dx) =>
    backend.addon.resizeBilinearGrad(values[0], dx, [n, h, w, c, oh, ow], flags(attrs as unknown as ResizeAttrs)));
}

/** ResizeBilinear and its exact adjoint, in tfjs's legacy, align-corners and half-pixel conventions. */
export function resizeKernels(stock: (name: string) => KernelFunc, backendName: string): KernelConfig[] {
  return [
    { kernelName: 'ResizeBilinear', backendName, kernelFunc: withFallback(stock('ResizeBilinear'), resize) },
    { kernelName: 'ResizeBilinearGrad', backendName, kernelFunc: withFallback(stock('ResizeBilinearGrad'), resizeGrad) },
  ];
}

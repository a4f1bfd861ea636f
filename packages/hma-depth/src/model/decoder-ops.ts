import * as tfl from '@tensorflow/tfjs-layers';
import { batchNorm, conv2d, resize } from '@depthkit/core/web';

type T = tfl.SymbolicTensor;

/** ×2 bilinear up-sampling (half-pixel, as PyTorch's align_corners=False) → conv3×3 → ELU (BTS's upconv). */
export function upconv(x: T, filters: number, name: string): T {
  const up = resize({ scale: [2, 2], name: `${name}_up` }).apply(x) as T;
  const conv = conv2d({ filters, kernelSize: 3, useBias: false, name: `${name}_conv` }).apply(up) as T;
  return tfl.layers.elu({ name: `${name}_elu` }).apply(conv) as T;
}

/** conv3×3 → ELU: fuses an up-sampled feature with its skip connection. */
export function iconv(x: T, filters: number, name: string): T {
  const conv = conv2d({ filters, kernelSize: 3, useBias: false, name: `${name}_conv` }).apply(x) as T;
  return tfl.layers.elu({ name: `${name}_elu` }).apply(conv) as T;
}

export function bn(x: T, name: string): T {
  return batchNorm({ name: `${name}_bn`, epsilon: 1.1e-5, momentum: 0.99 }).apply(x) as T;
}

export function concat(xs: T[], name: string): T {
  return tfl.layers.concatenate({ name }).apply(xs) as T;
}

/** A one-channel sigmoid head (a depth module: depth / max depth; an attention module: A_s). */
export function sigmoidHead(x: T, name: string): T {
  const conv = conv2d({ filters: 1, kernelSize: 3, name: `${name}_conv` }).apply(x) as T;
  return tfl.layers.activation({ activation: 'sigmoid', name: `${name}_sigmoid` }).apply(conv) as T;
}

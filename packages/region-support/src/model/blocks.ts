import * as tfl from '@tensorflow/tfjs-layers';
import { conv2d, groupNorm } from '@depthkit/core/web';
import { EdgePad } from './edge-pad.js';
import { ResidualReLU } from './region-layers.js';

export type T = tfl.SymbolicTensor;

export interface ConvOptions {
  kernel?: number;
  stride?: number;
  /** false: the refinements' last layer, and the one-channel depth head (a plain conv with bias). */
  norm?: boolean;
  relu?: boolean;
}

/** §3.4: replicate ("duplication") padding, conv, GroupNorm with one group, ReLU. */
export function convUnit(x: T, filters: number, name: string, o: ConvOptions = {}): T {
  const { kernel = 3, stride = 1, norm = true } = o;
  const relu = o.relu ?? norm;
  const pad = Math.floor(kernel / 2);
  const padded = pad > 0 ? (new EdgePad({ pad, name: `${name}_pad` }).apply(x) as T) : x;
  // A bias before GroupNorm is cancelled by its mean subtraction.
  const y = conv2d({ filters, kernelSize: kernel, strides: stride, padding: 'valid', useBias: !norm, name: `${name}_conv` }).apply(padded) as T;
  return norm ? gnRelu(y, name, relu) : y;
}

/** GroupNorm with one group, then ReLU in the same op (the backward pass saves only x̂). */
export function gnRelu(x: T, name: string, relu = true): T {
  return groupNorm({ groups: 1, relu, name: `${name}_gn` }).apply(x) as T;
}

/** He et al.'s basic block (two 3×3 convs), a 1×1 projection when the shape changes. */
export function basicBlock(x: T, filters: number, stride: number, name: string): T {
  const inChannels = x.shape[3];
  const a = convUnit(x, filters, `${name}_a`, { stride });
  const b = convUnit(a, filters, `${name}_b`, { relu: false });
  let shortcut = x;
  if (stride !== 1 || inChannels !== filters) {
    const projected = conv2d({ filters, kernelSize: 1, strides: stride, padding: 'valid', useBias: false, name: `${name}_proj_conv` }).apply(x) as T;
    shortcut = gnRelu(projected, `${name}_proj`, false);
  }
  return new ResidualReLU({ name: `${name}_relu` }).apply([b, shortcut]) as T;
}

/**
 * §3.1.1's de-convolution unit: conv → 4×4 stride-2 deconv (PyTorch padding 1: exactly ×2) →
 * concatenation with the skip → conv, each followed by GroupNorm + ReLU.
 */
export function deconvUnit(x: T, skip: T, filters: number, name: string): T {
  const before = convUnit(x, filters * 2, `${name}_pre`);
  const up = tfl.layers.conv2dTranspose({ filters, kernelSize: 4, strides: 2, padding: 'same', useBias: false, name: `${name}_deconv` }).apply(before) as T;
  const joined = tfl.layers.concatenate({ name: `${name}_concat` }).apply([gnRelu(up, `${name}_deconv`), skip]) as T;
  return convUnit(joined, filters, `${name}_post`);
}

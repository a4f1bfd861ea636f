import type * as tfl from '@tensorflow/tfjs-layers';
import { conv2d } from './conv2d.js';
import { depthwiseConv2d } from './depthwise-conv2d.js';
import { defaultLayerName } from './layer-names.js';
import { applyNorm, relu, type NormKind } from './norm-activation.js';

export interface SeparableBlockArgs {
  filters: number;
  kernelSize?: number;
  strides?: number;
  dilation?: number;
  norm?: NormKind;
  name?: string;
}

/**
 * Depthwise-separable conv block (MobileNet): depthwise k×k → norm → ReLU → pointwise 1×1 →
 * norm → ReLU. About k²·C_out/(k² + C_out) times cheaper than a full k×k conv.
 */
export function separableConvBlock(x: tfl.SymbolicTensor, args: SeparableBlockArgs): tfl.SymbolicTensor {
  const name = args.name ?? defaultLayerName('separable');
  const norm = args.norm ?? 'batch';
  const dw = depthwiseConv2d({ kernelSize: args.kernelSize ?? 3, strides: args.strides, dilation: args.dilation, name: `${name}_dw` })
    .apply(x) as tfl.SymbolicTensor;
  const dwOut = relu(applyNorm(dw, norm, `${name}_dw`), `${name}_dw`);
  const pw = conv2d({ filters: args.filters, kernelSize: 1, useBias: norm === 'none', name: `${name}_pw` }).apply(dwOut) as tfl.SymbolicTensor;
  return relu(applyNorm(pw, norm, `${name}_pw`), `${name}_pw`);
}

import * as tfl from '@tensorflow/tfjs-layers';
import { batchNorm, conv2d, separableConvBlock } from '@depthkit/core/web';
import type { DsSidenetConfig } from '../config.js';

type T = tfl.SymbolicTensor;

/** One row of Table 1: a `convbn` layer (kernel, output channels, stride, dilation, dw flag). */
export interface EncoderLayerSpec {
  kernel: 1 | 3;
  channels: number;
  stride: 1 | 2;
  dilation: 1 | 2;
  dw: boolean;
}

const layer = (kernel: 1 | 3, channels: number, stride: 1 | 2, dilation: 1 | 2, dw: boolean): EncoderLayerSpec => ({ kernel, channels, stride, dilation, dw });
const repeat = (n: number, spec: EncoderLayerSpec) => Array.from({ length: n }, () => spec);

/**
 * Table 1, both columns, row by row. The networks differ only in the last layer's stride of
 * Blocks 3–5 and in Block 5's 1×1 width (512 low, 128 high).
 */
export function encoderTable(range: DsSidenetConfig['range']): EncoderLayerSpec[][] {
  const s: 1 | 2 = range === 'low' ? 2 : 1;
  return [
    [layer(3, 32, 2, 1, false), layer(3, 64, 1, 1, false)],
    [...repeat(3, layer(3, 64, 1, 1, true)), layer(3, 128, 2, 1, true)],
    [...repeat(3, layer(3, 128, 1, 1, true)), layer(3, 256, s, 1, true)],
    [...repeat(12, layer(3, 32, 1, 2, true)), layer(3, 256, s, 1, true)],
    [layer(3, 256, s, 1, true), layer(1, range === 'low' ? 512 : 128, 1, 1, false)],
  ];
}

export function scaled(channels: number, widthScale: number): number {
  return Math.max(1, Math.round(channels * widthScale));
}

/** A plain `convbn` → ReLU (Block 1's two convs and Block 5's 1×1). */
function plainConvBn(x: T, spec: EncoderLayerSpec, filters: number, name: string): T {
  const c = conv2d({ filters, kernelSize: spec.kernel, strides: spec.stride, dilation: spec.dilation, useBias: false, name: `${name}_conv` }).apply(x) as T;
  const b = batchNorm({ name: `${name}_bn` }).apply(c) as T;
  return tfl.layers.reLU({ name: `${name}_relu` }).apply(b) as T;
}

/**
 * The encoder of Table 1. Returns the five block outputs (the decoder's skip sources). A `dw`
 * layer is MobileNet's depthwise 3×3 (stride, dilation) → BN → ReLU → pointwise 1×1 → BN → ReLU;
 * the paper names the activation nowhere, ReLU is MobileNet's.
 */
export function buildEncoder(image: T, config: Pick<DsSidenetConfig, 'range' | 'widthScale'>): T[] {
  const outputs: T[] = [];
  let x = image;
  encoderTable(config.range).forEach((block, b) => {
    block.forEach((spec, i) => {
      const name = `enc_b${b + 1}_l${i + 1}`;
      const filters = scaled(spec.channels, config.widthScale);
      x = spec.dw
        ? separableConvBlock(x, { filters, kernelSize: spec.kernel, strides: spec.stride, dilation: spec.dilation, name })
        : plainConvBn(x, spec, filters, name);
    });
    outputs.push(x);
  });
  return outputs;
}

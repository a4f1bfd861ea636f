import * as tfl from '@tensorflow/tfjs-layers';
import { AdaptiveAvgPool } from './adaptive-avg-pool.js';
import { conv2d } from './conv2d.js';
import { defaultLayerName } from './layer-names.js';
import { applyNorm, relu, type NormKind } from './norm-activation.js';
import { ResizeLike } from './resize-like.js';

export interface PyramidPoolingArgs {
  /** Pooled sizes [h, w] of the branches (PSPNet: 1, 2, 3, 6 square bins). */
  sizes: Array<[number, number]>;
  /** Channels of each branch's 1×1 conv (PSPNet: input channels / number of branches). */
  filters: number;
  interpolation?: 'bilinear' | 'nearest';
  norm?: NormKind;
  name?: string;
}

/**
 * Spatial pyramid pooling (PSPNet): adaptive average pooling to each size → 1×1 conv → norm →
 * ReLU → resized back, concatenated with the input.
 */
export function pyramidPooling(x: tfl.SymbolicTensor, args: PyramidPoolingArgs): tfl.SymbolicTensor {
  const name = args.name ?? defaultLayerName('pyramid_pooling');
  const norm = args.norm ?? 'batch';
  const branches = args.sizes.map(([h, w]) => {
    const branch = `${name}_${h}x${w}`;
    const pooled = new AdaptiveAvgPool({ outputSize: [h, w], name: `${branch}_pool` }).apply(x) as tfl.SymbolicTensor;
    const conv = conv2d({ filters: args.filters, kernelSize: 1, useBias: norm === 'none', name: `${branch}_conv` }).apply(pooled) as tfl.SymbolicTensor;
    const activated = relu(applyNorm(conv, norm, branch), branch);
    return new ResizeLike({ interpolation: args.interpolation, name: `${branch}_resize` }).apply([activated, x]) as tfl.SymbolicTensor;
  });
  return tfl.layers.concatenate({ name: `${name}_concat` }).apply([x, ...branches]) as tfl.SymbolicTensor;
}

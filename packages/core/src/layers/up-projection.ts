import * as tfl from '@tensorflow/tfjs-layers';
import { conv2d } from './conv2d.js';
import { defaultLayerName } from './layer-names.js';
import { applyNorm, relu, type NormKind } from './norm-activation.js';
import { Unpool2x } from './unpool.js';

export interface UpProjectionArgs {
  filters: number;
  /** 2: Laina's ×2 up-projection; 1: the same block without up-sampling (DS-SIDENet's t = 1). */
  scale?: 1 | 2;
  norm?: NormKind;
  name?: string;
}

/**
 * Laina et al.'s up-projection: u = unpool(x); main = conv5×5 → norm → ReLU → conv3×3 → norm;
 * projection = conv5×5 → norm; out = ReLU(main + projection). (Their "fast" variant computes
 * unpool + 5×5 conv as four interleaved small convs; the result is identical.)
 */
export function upProjection(x: tfl.SymbolicTensor, args: UpProjectionArgs): tfl.SymbolicTensor {
  const name = args.name ?? defaultLayerName('up_projection');
  const norm = args.norm ?? 'batch';
  const bias = norm === 'none';
  const u = (args.scale ?? 2) === 2 ? (new Unpool2x({ name: `${name}_unpool` }).apply(x) as tfl.SymbolicTensor) : x;
  const c1 = conv2d({ filters: args.filters, kernelSize: 5, useBias: bias, name: `${name}_conv1` }).apply(u) as tfl.SymbolicTensor;
  const m1 = relu(applyNorm(c1, norm, `${name}_conv1`), `${name}_conv1`);
  const c2 = conv2d({ filters: args.filters, kernelSize: 3, useBias: bias, name: `${name}_conv2` }).apply(m1) as tfl.SymbolicTensor;
  const main = applyNorm(c2, norm, `${name}_conv2`);
  const p = conv2d({ filters: args.filters, kernelSize: 5, useBias: bias, name: `${name}_proj` }).apply(u) as tfl.SymbolicTensor;
  const projection = applyNorm(p, norm, `${name}_proj`);
  return relu(tfl.layers.add({ name: `${name}_sum` }).apply([main, projection]) as tfl.SymbolicTensor, `${name}_out`);
}

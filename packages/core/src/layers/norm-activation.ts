import * as tfl from '@tensorflow/tfjs-layers';
import { batchNorm } from './batch-norm.js';
import { groupNorm } from './group-norm.js';

export type NormKind = 'batch' | 'group' | 'none';

/** The normalisation a block uses, by name (GroupNorm with one group is region-support's). */
export function applyNorm(x: tfl.SymbolicTensor, norm: NormKind, name: string, groups = 1): tfl.SymbolicTensor {
  if (norm === 'none') return x;
  const layer = norm === 'batch' ? batchNorm({ name: `${name}_bn` }) : groupNorm({ groups, name: `${name}_gn` });
  return layer.apply(x) as tfl.SymbolicTensor;
}

export function relu(x: tfl.SymbolicTensor, name: string): tfl.SymbolicTensor {
  return tfl.layers.reLU({ name: `${name}_relu` }).apply(x) as tfl.SymbolicTensor;
}

import * as tfl from '@tensorflow/tfjs-layers';
import type { BackboneTap } from './backbone-types.js';
import { relu, stemMaxPool, torchBatchNorm, torchConv } from './torch-style-ops.js';

type Tensor = tfl.SymbolicTensor;

export interface DenseNetSpec {
  growthRate: number;
  blocks: [number, number, number, number];
  initFeatures: number;
  bnSize: number;
}

/** torchvision's `densenet121` / `densenet161` constructors. */
export const densenetSpecs = {
  densenet121: { growthRate: 32, blocks: [6, 12, 24, 16], initFeatures: 64, bnSize: 4 },
  densenet161: { growthRate: 48, blocks: [6, 12, 36, 24], initFeatures: 96, bnSize: 4 },
} as const satisfies Record<string, DenseNetSpec>;

/** BN-ReLU-conv1×1-BN-ReLU-conv3×3, its `growthRate` new channels appended after the old ones. */
function denseLayer(x: Tensor, name: string, spec: DenseNetSpec): Tensor {
  let y = relu(torchBatchNorm(x, `${name}_norm1`), `${name}_relu1`);
  y = torchConv(y, { name: `${name}_conv1`, filters: spec.bnSize * spec.growthRate, kernelSize: 1 });
  y = relu(torchBatchNorm(y, `${name}_norm2`), `${name}_relu2`);
  y = torchConv(y, { name: `${name}_conv2`, filters: spec.growthRate, kernelSize: 3 });
  return tfl.layers.concatenate({ axis: -1, name: `${name}_concat` }).apply([x, y]) as Tensor;
}

function transition(x: Tensor, name: string, filters: number): Tensor {
  let y = relu(torchBatchNorm(x, `${name}_norm`), `${name}_relu`);
  y = torchConv(y, { name: `${name}_conv`, filters, kernelSize: 1 });
  return tfl.layers.averagePooling2d({ poolSize: 2, strides: 2, padding: 'valid', name: `${name}_pool` }).apply(y) as Tensor;
}

/**
 * A torchvision DenseNet feature extractor, tapped as BTS taps it: after the stem ReLU, the stem
 * pool, the first two transitions and `norm5` (before the ReLU torchvision's classifier applies).
 */
export function buildDenseNet(input: Tensor, spec: DenseNetSpec): { outputs: Tensor[]; taps: BackboneTap[] } {
  let x = torchConv(input, { name: 'features_conv0', filters: spec.initFeatures, kernelSize: 7, strides: 2 });
  x = relu(torchBatchNorm(x, 'features_norm0'), 'features_relu0');
  const outputs = [x];
  const taps: BackboneTap[] = [{ name: 'relu0', stride: 2, channels: spec.initFeatures }];
  x = stemMaxPool(x, 'features_pool0');
  outputs.push(x);
  taps.push({ name: 'pool0', stride: 4, channels: spec.initFeatures });
  let channels = spec.initFeatures;
  for (let b = 0; b < 4; b++) {
    for (let i = 0; i < spec.blocks[b]; i++) x = denseLayer(x, `features_denseblock${b + 1}_denselayer${i + 1}`, spec);
    channels += spec.blocks[b] * spec.growthRate;
    if (b === 3) break;
    channels = Math.floor(channels / 2);
    x = transition(x, `features_transition${b + 1}`, channels);
    if (b < 2) {
      outputs.push(x);
      taps.push({ name: `transition${b + 1}`, stride: 2 ** (b + 3), channels });
    }
  }
  x = torchBatchNorm(x, 'features_norm5');
  outputs.push(x);
  taps.push({ name: 'norm5', stride: 32, channels });
  return { outputs, taps };
}

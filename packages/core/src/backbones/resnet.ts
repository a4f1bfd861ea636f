import * as tfl from '@tensorflow/tfjs-layers';
import type { BackboneTap, OutputStride } from './backbone-types.js';
import { relu, stemMaxPool, torchBatchNorm, torchConv } from './torch-style-ops.js';

type Tensor = tfl.SymbolicTensor;

export interface ResNetSpec {
  block: 'basic' | 'bottleneck';
  layers: [number, number, number, number];
  groups: number;
  widthPerGroup: number;
  /** Channels of the stem and the first stage (torchvision: 64); later stages double it. */
  baseWidth?: number;
}

/** torchvision's `resnet*` / `resnext50_32x4d` constructors. */
export const resnetSpecs = {
  resnet18: { block: 'basic', layers: [2, 2, 2, 2], groups: 1, widthPerGroup: 64 },
  resnet34: { block: 'basic', layers: [3, 4, 6, 3], groups: 1, widthPerGroup: 64 },
  resnet50: { block: 'bottleneck', layers: [3, 4, 6, 3], groups: 1, widthPerGroup: 64 },
  resnet101: { block: 'bottleneck', layers: [3, 4, 23, 3], groups: 1, widthPerGroup: 64 },
  resnext50: { block: 'bottleneck', layers: [3, 4, 6, 3], groups: 32, widthPerGroup: 4 },
  // Not torchvision's: one basic block per stage at ¼ width, for CI-sized presets (no ImageNet weights).
  'resnet-tiny': { block: 'basic', layers: [1, 1, 1, 1], groups: 1, widthPerGroup: 64, baseWidth: 16 },
} as const satisfies Record<string, ResNetSpec>;

interface BlockArgs {
  name: string;
  planes: number;
  strides: number;
  dilation: number;
  downsample: boolean;
  spec: ResNetSpec;
}

function basicBlock(x: Tensor, a: BlockArgs): Tensor {
  // torchvision refuses dilated BasicBlocks; depthkit dilates both 3×3 convolutions (DeepLab-style).
  let y = torchConv(x, { name: `${a.name}_conv1`, filters: a.planes, kernelSize: 3, strides: a.strides, dilation: a.dilation });
  y = relu(torchBatchNorm(y, `${a.name}_bn1`), `${a.name}_relu1`);
  y = torchConv(y, { name: `${a.name}_conv2`, filters: a.planes, kernelSize: 3, dilation: a.dilation });
  y = torchBatchNorm(y, `${a.name}_bn2`);
  return residual(x, y, a, a.planes);
}

function bottleneck(x: Tensor, a: BlockArgs): Tensor {
  const width = Math.floor((a.planes * a.spec.widthPerGroup) / 64) * a.spec.groups;
  let y = torchConv(x, { name: `${a.name}_conv1`, filters: width, kernelSize: 1 });
  y = relu(torchBatchNorm(y, `${a.name}_bn1`), `${a.name}_relu1`);
  // ResNet v1.5: the stride sits on the 3×3 convolution.
  y = torchConv(y, { name: `${a.name}_conv2`, filters: width, kernelSize: 3, strides: a.strides, dilation: a.dilation, groups: a.spec.groups });
  y = relu(torchBatchNorm(y, `${a.name}_bn2`), `${a.name}_relu2`);
  y = torchConv(y, { name: `${a.name}_conv3`, filters: a.planes * 4, kernelSize: 1 });
  y = torchBatchNorm(y, `${a.name}_bn3`);
  return residual(x, y, a, a.planes * 4);
}

function residual(x: Tensor, y: Tensor, a: BlockArgs, channels: number): Tensor {
  let identity = x;
  if (a.downsample) {
    identity = torchConv(x, { name: `${a.name}_downsample_0`, filters: channels, kernelSize: 1, strides: a.strides });
    identity = torchBatchNorm(identity, `${a.name}_downsample_1`);
  }
  const sum = tfl.layers.add({ name: `${a.name}_add` }).apply([y, identity]) as Tensor;
  return relu(sum, `${a.name}_relu`);
}

/** Which stages trade stride for dilation: torchvision's `replace_stride_with_dilation`. */
export function dilatedStages(outputStride: OutputStride): [boolean, boolean, boolean] {
  return outputStride === 32 ? [false, false, false] : outputStride === 16 ? [false, false, true] : [false, true, true];
}

/** A torchvision ResNet/ResNeXt feature extractor, tapped after the stem ReLU and each stage. */
export function buildResNet(input: Tensor, spec: ResNetSpec, outputStride: OutputStride): { outputs: Tensor[]; taps: BackboneTap[] } {
  const base = (spec as ResNetSpec).baseWidth ?? 64;
  let x = torchConv(input, { name: 'conv1', filters: base, kernelSize: 7, strides: 2 });
  x = relu(torchBatchNorm(x, 'bn1'), 'relu');
  const outputs = [x];
  const taps: BackboneTap[] = [{ name: 'relu', stride: 2, channels: base }];
  x = stemMaxPool(x, 'maxpool');
  const expansion = spec.block === 'basic' ? 1 : 4;
  const dilate = [false, ...dilatedStages(outputStride)];
  let inplanes = base;
  let dilation = 1;
  let stride = 4;
  for (let stage = 0; stage < 4; stage++) {
    const planes = base * 2 ** stage;
    let strides = stage === 0 ? 1 : 2;
    const previousDilation = dilation;
    if (dilate[stage]) {
      dilation *= strides;
      strides = 1;
    }
    stride *= strides;
    for (let i = 0; i < spec.layers[stage]; i++) {
      const first = i === 0;
      const args: BlockArgs = {
        name: `layer${stage + 1}_${i}`,
        planes,
        strides: first ? strides : 1,
        dilation: first ? previousDilation : dilation,
        downsample: first && (strides !== 1 || inplanes !== planes * expansion),
        spec,
      };
      x = spec.block === 'basic' ? basicBlock(x, args) : bottleneck(x, args);
      inplanes = planes * expansion;
    }
    outputs.push(x);
    taps.push({ name: `layer${stage + 1}`, stride, channels: inplanes });
  }
  return { outputs, taps };
}

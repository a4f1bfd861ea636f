import type * as tfl from '@tensorflow/tfjs-layers';

export const backboneArchs = ['resnet18', 'resnet34', 'resnet50', 'resnet101', 'resnext50', 'densenet121', 'densenet161', 'resnet-tiny'] as const;
export type BackboneArch = (typeof backboneArchs)[number];
/** Architectures with torchvision twins (ImageNet weights can be imported); resnet-tiny has none. */
export type TorchvisionArch = Exclude<BackboneArch, 'resnet-tiny'>;
export type OutputStride = 32 | 16 | 8;

/** One multi-scale feature map the backbone outputs, named after the torchvision module it follows. */
export interface BackboneTap {
  name: string;
  /** Input size / feature size: 2, 4, 8, 16, 32, or less once dilation replaces striding. */
  stride: number;
  channels: number;
}

export interface BackboneOptions {
  arch: BackboneArch;
  /** 16 and 8 trade the last one or two stages' striding for dilation (DeepLab); ResNets only. */
  outputStride?: OutputStride;
  /** NHWC without the batch; `null` height/width accept any size. */
  inputShape: [number | null, number | null, 3];
}

export interface Backbone {
  arch: BackboneArch;
  outputStride: OutputStride;
  /** Outputs are the taps, in the order of `taps`. */
  model: tfl.LayersModel;
  taps: BackboneTap[];
}

export function parseBackboneArch(text: string, source: string): BackboneArch {
  if ((backboneArchs as readonly string[]).includes(text)) return text as BackboneArch;
  throw new Error(`${source}: expected an architecture among ${backboneArchs.join(', ')}, found '${text}'`);
}

/** Architectures `import-weights` accepts: the ones torchvision ships weights for. */
export const torchvisionArchs = backboneArchs.filter((a): a is TorchvisionArch => a !== 'resnet-tiny');

export function parseTorchvisionArch(text: string, source: string): TorchvisionArch {
  if ((torchvisionArchs as readonly string[]).includes(text)) return text as TorchvisionArch;
  throw new Error(`${source}: expected an architecture among ${torchvisionArchs.join(', ')}, found '${text}'`);
}

export function parseOutputStride(value: number | string, source: string): OutputStride {
  const n = Number(value);
  if (n === 32 || n === 16 || n === 8) return n;
  throw new Error(`${source}: expected an output stride of 32, 16 or 8, found '${value}'`);
}

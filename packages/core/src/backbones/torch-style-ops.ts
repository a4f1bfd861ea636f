import * as tfl from '@tensorflow/tfjs-layers';
import { batchNorm } from '../layers/batch-norm.js';
import { conv2d } from '../layers/conv2d.js';
import { groupedConv2d } from './grouped-conv2d.js';

type Tensor = tfl.SymbolicTensor;

export interface TorchConvArgs {
  /** The torchvision module path with '.' → '_', so weight import is a name translation. */
  name: string;
  filters: number;
  kernelSize: number;
  strides?: number;
  dilation?: number;
  groups?: number;
}

/**
 * PyTorch's `Conv2d(k, stride, padding=dilation·(k−1)/2, bias=False)`. With stride 1 tfjs 'same'
 * pads symmetrically as PyTorch does; with stride 2 it would pad one more at the bottom/right
 * than at the top/left, shifting every feature, so strided convolutions pad explicitly first.
 */
export function torchConv(x: Tensor, args: TorchConvArgs): Tensor {
  const { name, filters, kernelSize, strides = 1, dilation = 1, groups = 1 } = args;
  const pad = (dilation * (kernelSize - 1)) / 2;
  const strided = strides > 1 && pad > 0;
  const input = strided ? (tfl.layers.zeroPadding2d({ padding: pad, name: `${name}_pad` }).apply(x) as Tensor) : x;
  const padding = strided || kernelSize === 1 ? 'valid' : 'same';
  const layer = groups > 1
    ? groupedConv2d({ name, filters, kernelSize, strides, dilation, groups, padding, useBias: false })
    : conv2d({ name, filters, kernelSize, strides, dilation, padding, useBias: false });
  return layer.apply(input) as Tensor;
}

/** torchvision's BatchNorm2d (eps 1e-5, momentum 0.1 = depthkit's 0.9). */
export function torchBatchNorm(x: Tensor, name: string): Tensor {
  return batchNorm({ name, epsilon: 1e-5, momentum: 0.9 }).apply(x) as Tensor;
}

export function relu(x: Tensor, name: string): Tensor {
  return tfl.layers.reLU({ name }).apply(x) as Tensor;
}

/**
 * `MaxPool2d(3, stride 2, padding 1)`. PyTorch pads with −∞; zeros are equivalent because the
 * stem pools ReLU outputs (≥ 0) and every window keeps at least one real pixel.
 */
export function stemMaxPool(x: Tensor, name: string): Tensor {
  const padded = tfl.layers.zeroPadding2d({ padding: 1, name: `${name}_pad` }).apply(x) as Tensor;
  return tfl.layers.maxPooling2d({ poolSize: 3, strides: 2, padding: 'valid', name }).apply(padded) as Tensor;
}

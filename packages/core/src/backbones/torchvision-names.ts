import * as tfl from '@tensorflow/tfjs-layers';

/** depthkit weight → torchvision parameter/buffer suffix. */
const torchParam: Record<string, string> = {
  kernel: 'weight',
  bias: 'bias',
  gamma: 'weight',
  beta: 'bias',
  moving_mean: 'running_mean',
  moving_variance: 'running_var',
};

export interface TorchvisionSlot {
  /** torchvision's state_dict key, e.g. `layer1.0.bn1.running_var`. */
  key: string;
  layer: tfl.layers.Layer;
  /** Index in `layer.getWeights()`. */
  index: number;
  /** depthkit's shape (HWIO for kernels). */
  shape: number[];
}

/**
 * The torchvision key of every weight of a backbone. torchvision module names contain no '_',
 * so a layer named `layer1_0_downsample_0` is module `layer1.0.downsample.0`.
 */
export function torchvisionSlots(model: tfl.LayersModel): TorchvisionSlot[] {
  const slots: TorchvisionSlot[] = [];
  for (const layer of model.layers) {
    layer.weights.forEach((weight, index) => {
      const short = weight.originalName.slice(weight.originalName.lastIndexOf('/') + 1);
      const param = torchParam[short];
      if (param == null) throw new Error(`${model.name}: weight '${weight.originalName}' has no torchvision counterpart`);
      slots.push({ key: `${layer.name.replace(/_/g, '.')}.${param}`, layer, index, shape: weight.shape as number[] });
    });
  }
  return slots;
}

/** Keys a torchvision state_dict carries that a feature extractor has no use for. */
export function isIgnoredTorchvisionKey(key: string): boolean {
  return key.startsWith('fc.') || key.startsWith('classifier.') || key.endsWith('.num_batches_tracked');
}

import * as tfl from '@tensorflow/tfjs-layers';
import { parseOutputStride, type Backbone, type BackboneOptions } from './backbone-types.js';
import { buildDenseNet, densenetSpecs } from './densenet.js';
import { buildResNet, resnetSpecs } from './resnet.js';

/**
 * A torchvision ImageNet backbone as a tfjs functional model (NHWC) whose outputs are its
 * multi-scale taps. Layers carrying weights are named after torchvision's modules
 * (`layer1.0.conv1` ↔ `layer1_0_conv1`), so `importTorchvisionWeights` is a name translation.
 * The model takes raw tensors: ImageNet mean/std normalisation is the caller's.
 */
export function createBackbone(options: BackboneOptions): Backbone {
  const { arch, inputShape } = options;
  const outputStride = parseOutputStride(options.outputStride ?? 32, `createBackbone(${arch}): outputStride`);
  if (inputShape.length !== 3 || inputShape[2] !== 3) {
    throw new Error(`createBackbone(${arch}): expected inputShape [height, width, 3], found [${inputShape.join(', ')}]`);
  }
  const input = tfl.input({ shape: inputShape, name: 'image' });
  let built;
  if (Object.hasOwn(resnetSpecs, arch)) {
    built = buildResNet(input, resnetSpecs[arch as keyof typeof resnetSpecs], outputStride);
  } else if (Object.hasOwn(densenetSpecs, arch)) {
    if (outputStride !== 32) throw new Error(`createBackbone(${arch}): expected outputStride 32 (DenseNets are not dilated), found ${outputStride}`);
    built = buildDenseNet(input, densenetSpecs[arch as keyof typeof densenetSpecs]);
  } else {
    throw new Error(`createBackbone: expected an architecture among ${[...Object.keys(resnetSpecs), ...Object.keys(densenetSpecs)].join(', ')}, found '${String(arch)}'`);
  }
  const model = tfl.model({ inputs: input, outputs: built.outputs, name: arch });
  model.setUserDefinedMetadata({ depthkitBackbone: { arch, outputStride, taps: built.taps } });
  return { arch, outputStride, model, taps: built.taps };
}

/** Trainable parameters: torchvision's `sum(p.numel() for p in parameters())` (BN running stats are buffers). */
export function countTrainableParams(model: tfl.LayersModel): number {
  return model.trainableWeights.reduce((sum, w) => sum + (w.shape as number[]).reduce((a, b) => a * b, 1), 0);
}

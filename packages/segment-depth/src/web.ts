// The browser-safe face of this package: network, layers, loss, predict, presets, the method descriptor.
// Imports nothing of Node; the Node entry (index.ts) re-exports it.
export { segmentDepth } from './method.js';
export { defaultConfig, defaultGroups, groupNames, type SegmentDepthConfig, type SegmentDepthMode, type LabelSet, type ObjectGroups } from './config.js';
export { groupTable, groupMasks, labelNames } from './groups.js';
export { buildSegmentDepthNetwork, outputIndex, type SegmentDepthOutputs } from './model/segment-depth-network.js';
export { buildDiscriminator } from './model/discriminator.js';
export { unet, type UnetArgs } from './model/unet.js';
export { SoftMask, registerSegmentDepthLayers } from './model/blocks.js';
export { segmentDepthLoss, depthTarget, maskedMeanL1, binaryCrossEntropyWithLogits } from './loss.js';
export { segmentDepthTrainer, generatorStep, discriminatorStep, paperAdam, type Adversary } from './trainer.js';
export { segmentDepthPredict, segmentDepthParts, focalCorrection, focalMatchedSize } from './predict.js';
export { synthiaFocalAt } from './presets/camera.js';
export { synthiaPreset } from './presets/synthia.js';
export { tinyPreset } from './presets/tiny.js';

export {
  backboneArchs,
  type TorchvisionArch,
  parseBackboneArch,
  parseTorchvisionArch,
  torchvisionArchs,
  parseOutputStride,
  type Backbone,
  type BackboneArch,
  type BackboneOptions,
  type BackboneTap,
  type OutputStride,
} from './backbone-types.js';
export { createBackbone, countTrainableParams } from './create-backbone.js';
export { GroupedConv2D, groupedConv2d, type GroupedConv2DArgs } from './grouped-conv2d.js';
export { registerBackboneLayers } from './register-backbone-layers.js';
export { parseSafetensors, readSafetensors, encodeSafetensors, type Safetensors, type SafetensorsEntry } from './safetensors.js';
export { importTorchvisionWeights } from './import-torchvision-weights.js';
export { saveBackbone, loadBackbone, backboneModelFile, backboneWeightsFile } from './backbone-files.js';
export { exportTorchvisionWeights } from './export-torchvision-weights.js';
export { loadBackboneWeights, describeLoadedBackboneWeights, type LoadedBackboneWeights } from './load-backbone-weights.js';

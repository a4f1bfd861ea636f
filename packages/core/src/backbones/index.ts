// The backbone folder's Node-only parts (weight files). The networks themselves are listed
// once, in ../web.ts.
export { parseSafetensors, readSafetensors, encodeSafetensors, type Safetensors, type SafetensorsEntry } from './safetensors.js';
export { importTorchvisionWeights } from './import-torchvision-weights.js';
export { saveBackbone, loadBackbone, backboneModelFile, backboneWeightsFile } from './backbone-files.js';
export { exportTorchvisionWeights } from './export-torchvision-weights.js';
export { loadBackboneWeights, describeLoadedBackboneWeights, type LoadedBackboneWeights } from './load-backbone-weights.js';

// The browser-safe face of this package: network, layers, loss, predict, presets, the method descriptor.
// Imports nothing of Node; the Node entry (index.ts) re-exports it.
export { hmaDepth } from './method.js';
export { defaultConfig, type HmaDepthConfig } from './config.js';
export { buildHmaDepthNetwork, scaleStrides } from './model/hma-depth-network.js';
export { hierarchicalMasks, HierarchicalMasks, UniformMasks, MaskedDepthSum, registerHmaDepthLayers } from './model/hierarchical-masks.js';
export { hmaDepthLoss } from './loss.js';
export { hmaDepthPredict, hmaDepthScales } from './predict.js';
export { kittiPreset } from './presets/kitti.js';
export { nyuPreset } from './presets/nyu.js';
export { tinyPreset, tinyNyuPreset } from './presets/tiny.js';

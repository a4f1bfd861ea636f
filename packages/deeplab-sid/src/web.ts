// The browser-safe face of this package: network, layers, loss, predict, presets, the method descriptor.
// Imports nothing of Node; the Node entry (index.ts) re-exports it.
export { deeplabSid } from './method.js';
export { defaultConfig, discretisationOf, type DeeplabSidConfig, type DepthReadout } from './config.js';
export { buildDeeplabSidNetwork } from './model/deeplab-v2.js';
export { deeplabSidLoss, depthLabels } from './loss.js';
export { deeplabSidPredict, logitsToDepth } from './predict.js';
export { kittiPreset, eigenAugmentation, paperTraining } from './presets/kitti.js';
export { synthiaPreset } from './presets/synthia.js';
export { tinyPreset } from './presets/tiny.js';

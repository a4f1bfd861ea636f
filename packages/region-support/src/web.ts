// The browser-safe face of this package: network, layers, loss, predict, presets, the method descriptor.
// Imports nothing of Node; the Node entry (index.ts) re-exports it.
export { regionSupport } from './method.js';
export { defaultConfig, defaultMeanShift, type RegionSupportConfig, type MeanShiftConfig } from './config.js';
export { buildRegionSupportNetwork, spatialPyramidUnit, outputNames, outputIndex, type OutputName, type RegionSupportModel } from './model/region-support-network.js';
export { meanShiftRegions, type EmbeddingImage } from './model/mean-shift.js';
export { Bandwidth, BandwidthOutput, LocationMap, MeanShiftRegions, PyramidPool, RegionChannel, RegionPool, registerRegionSupportLayers } from './model/region-layers.js';
export { regionSupportLoss, logBerHu, regionSpreads, splitRightWrong, rightWrongImageLoss, updatedDeltaV } from './loss.js';
export { regionLabelsFromInstances, depthBand } from './region-labels.js';
export { regionSupportTrainStep } from './train-step.js';
export { regionSupportPredict, regionSupportDetails, bandwidthOf } from './predict.js';
export { kittiPreset } from './presets/kitti.js';
export { nyuPreset } from './presets/nyu.js';
export { tinyPreset, tinyNyuPreset } from './presets/tiny.js';

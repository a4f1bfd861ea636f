// The browser-safe face of this package: network, layers, loss, predict, presets, the method descriptor.
// Imports nothing of Node; the Node entry (index.ts) re-exports it.
export { dsSidenet } from './method.js';
export { defaultConfig, validateConfig, withConfigDefaults, hasClassification, hasRegression, type DsSidenetConfig, type DsSidenetTask, type ContextModule } from './config.js';
export { buildDsSidenetNetwork, buildDsSidenetGraph, branchOutputs, networkStride, type DsSidenetGraph } from './model/ds-sidenet-network.js';
export { buildFusion, fusionBinLayerName } from './model/fusion.js';
export { encoderTable, buildEncoder, type EncoderLayerSpec } from './model/encoder.js';
export { decoderTable, buildDecoderBranch, upprojCon, samModule, shgModule, type DecoderBlockSpec } from './model/decoder.js';
export { quantiseDepth, binToDepth, binWidth, expectedBin, argmaxBin, type LogQuantisation } from './quantise.js';
export { dsSidenetLoss, softClassificationTerm, hardClassificationTerm } from './loss.js';
export { dsSidenetPredict, zeroPadImages } from './predict.js';
export { kittiPreset } from './presets/kitti.js';
export { nyuPreset } from './presets/nyu.js';
export { robustCoarsePreset } from './presets/robust.js';
export { tinyPreset, tinyNyuPreset } from './presets/tiny.js';
export { table8Presets, nyuFusionPreset } from './presets/variants.js';

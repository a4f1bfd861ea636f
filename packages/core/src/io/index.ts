export type { RgbImage, Png16Image, DepthMap } from './image-types.js';
export { readRgbImage, readPng16, readGray16Png, type ReadPng16Options } from './read-image.js';
export { encodeRgbPng, writeRgbImage, writePng16, type WriteRgbOptions } from './write-image.js';
export { readDepthPng, writeDepthPng, decodeDepth, encodeDepth } from './depth-png.js';
export { colormapNames, colormapColour, colourize, type ColormapName, type ColourizeOptions } from './colormap.js';
export {
  colourizeDepth,
  colourizeError,
  depthColourRange,
  writeDepthColourPng,
  writeErrorMapPng,
  type DepthColourOptions,
  type ErrorMapOptions,
} from './depth-visual.js';
export { parseMatV5, readMatV5, matVariable, MatV5Error, type MatArray } from './mat-v5.js';
export { openHdf5, loadH5wasm } from './hdf5.js';
export { saveLayersModel, loadLayersModelFromDir, readLayersModelWeights, readModelArtifacts, modelJsonFile, modelWeightsFile, type ModelJson } from './layers-model-files.js';
export { shardWeights, quantizeFloat16, defaultShardBytes, type WeightShards, type QuantizedWeights } from './weight-shards.js';
export { float16Bits, float16Value, toFloat16, float16Max } from './float16.js';

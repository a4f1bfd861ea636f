export { createPipeline, type Pipeline, type PipelineOptions } from './pipeline.js';
export type { Batch, BatchMeta, BatchPosition } from './batch.js';
export { readerSource, arraySource, type SampleSource } from './source.js';
export { toTrainSample, type TrainSample, type SourceSample, type IdMap } from './train-sample.js';
export { imagenetNormalisation, unitNormalisation, type Normalisation } from './normalise.js';
export { mulberry32, mixSeed, type Random } from './prng.js';
export { epochOrder } from './shuffle.js';
export type { Augmentation, Augmented, AugmentParams } from './augment/augmentation.js';
export { randomCrop, fixedCrop, kbCrop, cropSample, type CropBox } from './augment/crop.js';
export { randomFlip, flipSample } from './augment/flip.js';
export { randomRotation, rotateSample } from './augment/rotate.js';
export { resizeTo, resizeSample } from './augment/resize.js';
export { randomScale, scaleSample, type ValidDepthRange } from './augment/scale.js';
export { padToAtLeast, padSample, paddingToAtLeast, meanPadColour, zeroPad, zeroPadSample, type Padding } from './augment/pad.js';
export { colourJitter, adjustColours, type ColourJitterOptions, type PhotometricParams } from './augment/colour-jitter.js';
export {
  augmentationPresets,
  presetAugmentations,
  presetPipelineOptions,
  type AugmentationPreset,
  type PresetName,
} from './augmentation-presets.js';

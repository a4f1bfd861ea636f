// The browser-safe face of @depthkit/core: networks, layers, losses, metrics, predict and the
// method contract. Nothing here imports a Node module or runs Node code at import; the Node
// entry (index.ts) re-exports all of it, so there is one implementation.
export * from './datasets/spec.js';
export { kittiSpec } from './datasets/kitti-spec.js';
export { nyuSpec, nyuLabeled } from './datasets/nyu-spec.js';
export { synthiaSpec, synthiaClasses } from './datasets/synthia-spec.js';
export * from './layers/index.js';
export * from './tensor/index.js';
export * from './metrics/index.js';
export * from './losses/index.js';
export { getProtocol, parseProtocolName, protocolNames, defaultProtocolName, kbCropOf, type EvalProtocol, type ProtocolName } from './eval/protocol.js';
export { cropRegion, regionMask } from './eval/crop.js';
export { pasteKbCrop, kbCropOffset } from './eval/kb-crop.js';
export { replaceNonFinite, clampDepth, countNonFinite, totalNonFinite, type NonFiniteCounts } from './eval/clamp-prediction.js';
export { medianInPlace } from './eval/median.js';
export { medianScaleRatio, scaleInPlace, MedianScratch } from './eval/median-scaling.js';
export { resizeBilinear } from './eval/resize-bilinear.js';
export { withFlipTta, type PredictFn } from './eval/flip-tta.js';
export { evaluateImage, selectionFor, EvalScratch, type EvaluateOptions, type ImageEvaluation } from './eval/evaluate-image.js';
export { encodeNpy, encodeNpyDepth } from './eval/encode-npy.js';
export {
  defineMethod,
  definePreset,
  depthMethodContractVersion,
  type DepthMethod,
  type MethodModel,
  type MethodPreset,
  type MethodTrainer,
  type PaperReference,
  type ReportedResult,
  type PredictContext,
  type TrainBatch,
  type TrainingRecipe,
  type TrainingSetting,
} from './method/depth-method.js';
export { predictDepth, strideFitPadding } from './method/predict-depth.js';
export { imagesToTensor } from './method/image-batch.js';
export { withSeededRandom } from './method/seeded-construction.js';
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
} from './backbones/backbone-types.js';
export { createBackbone, countTrainableParams } from './backbones/create-backbone.js';
export { GroupedConv2D, groupedConv2d, type GroupedConv2DArgs } from './backbones/grouped-conv2d.js';
export { registerBackboneLayers } from './backbones/register-backbone-layers.js';
export type { RgbImage, Png16Image, DepthMap } from './io/image-types.js';
export { colormapNames, colormapColour, colourize, type ColormapName, type ColourizeOptions } from './io/colormap.js';
export { installDepthkitKernels, depthkitKernelsFor } from './engine/install-kernels.js';
export { ciRecipe, ciSyntheticSize, type CiRecipeOptions } from './method/ci-recipe.js';
export { paddingToAtLeast, zeroPad, type Padding } from './datasets/pipeline/augment/pad.js';
export { cityscapesTrainIds, nyu40Ids, labelTable, type LabelSet } from './synth/label-sets.js';
export type {
  LossFn,
  LossResult,
  StepContext,
  StepResult,
  TrainStepFn,
  TrainStepContext,
  ExtraModel,
  Gradients,
} from './train/fit-config.js';
export type { Batch } from './datasets/pipeline/index.js';
export { createOptimizer } from './train/optimizers/create-optimizer.js';
export { Adam, type AdamOptions } from './train/optimizers/adam.js';
export { Sgd, type SgdOptions } from './train/optimizers/sgd.js';
export type { Optimizer, OptimizerConfig, OptimizerType, NamedSlot } from './train/optimizers/optimizer.js';
export { createSchedule, type ScheduleConfig, type ScheduleType, type LearningRate } from './train/schedule.js';
export { clipGradNorm, globalNorm, type ClippedGradients } from './train/clip-grad-norm.js';
export { computeGradients } from './train/gradient-step.js';
export { predictSample, predictSampleTensor, resizedIntrinsics } from './method/predict-sample.js';
export { buildSavedModel, type MethodModelMetadata, type LoadedMethodModel } from './method/build-saved-model.js';
export { checkConfig } from './method/check-config.js';
export { weightEntryBytes, assertFiniteWeights } from './io/weight-entries.js';
export { colourizeDepth, depthColourRange, colourizeError, type DepthColourOptions, type ErrorMapOptions } from './io/depth-colour.js';
export {
  initEngine,
  engineNames,
  parseEngineName,
  nodeAutoOrder,
  browserAutoOrder,
  type EngineName,
  type ConcreteEngine,
  type EngineReport,
  type EngineAttempt,
  type InitEngineOptions,
} from './engine/engine.js';

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
} from './depth-method.js';
export { predictDepth, strideFitPadding } from './predict-depth.js';
export { openSplit, type OpenedSplit, type OpenSplitOptions } from './dataset-split.js';
export { imagesToTensor } from './image-batch.js';
export { saveMethodModel, loadMethodModel, type MethodModelMetadata, type LoadedMethodModel } from './model-files.js';
export { trainMethod, presetOf, type TrainMethodOptions, type TrainMethodResult } from './train-method.js';
export { evaluateMethod, predictSample, evaluationDataset, resizedIntrinsics, type EvaluateMethodOptions } from './evaluate-method.js';
export { exportWebModel, webWeightFormats, type ExportWebOptions, type WebExport, type WebModelMetadata, type WebWeightFormat, type QuantizationAccuracy } from './export-web.js';
export { predictWithMethod, ownImageDepthScale, type PredictMethodOptions, type PredictedFile } from './predict-method.js';
export { meanBaseline, type MeanBaseline } from './mean-baseline.js';
export { withSeededRandom } from './seeded-construction.js';
export { ciRecipe, ciSyntheticSize, type CiRecipeOptions } from './ci-recipe.js';
export { methodRunFingerprint, splitFingerprint, jsonSha256, type RunSettings } from './run-fingerprint.js';
export { checkConfig } from './check-config.js';

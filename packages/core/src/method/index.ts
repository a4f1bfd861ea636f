// The method folder's Node-only parts (files, datasets, training, CLI glue). Its browser-safe
// parts (the contract, predictDepth, buildSavedModel, …) are listed once, in ../web.ts.
export { openSplit, type OpenedSplit, type OpenSplitOptions } from './dataset-split.js';
export { saveMethodModel, loadMethodModel } from './model-files.js';
export { trainMethod, presetOf, type TrainMethodOptions, type TrainMethodResult } from './train-method.js';
export { evaluateMethod, evaluationDataset, type EvaluateMethodOptions } from './evaluate-method.js';
export { exportWebModel, webWeightFormats, type ExportWebOptions, type WebExport, type WebModelMetadata, type WebWeightFormat, type QuantizationAccuracy } from './export-web.js';
export { predictWithMethod, ownImageDepthScale, type PredictMethodOptions, type PredictedFile } from './predict-method.js';
export { meanBaseline, type MeanBaseline } from './mean-baseline.js';
export { methodRunFingerprint, splitFingerprint, jsonSha256, type RunSettings } from './run-fingerprint.js';

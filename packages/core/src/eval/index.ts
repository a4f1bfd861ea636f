export {
  getProtocol, parseProtocolName, protocolNames, aliasProtocolNames, defaultProtocolName, kbCropOf, protocolDefinition, protocolsForDataset, protocolSettings,
  type EvalProtocol, type ProtocolName, type ProtocolDefinition, type ResizeRule, type ProtocolStep,
} from './protocol.js';
export { fillInvalidPrediction } from './fill-invalid-prediction.js';
export { cropRegion, regionMask } from './crop.js';
export { pasteKbCrop, kbCropOffset } from './kb-crop.js';
export { replaceNonFinite, clampDepth, countNonFinite, totalNonFinite, type NonFiniteCounts } from './clamp-prediction.js';
export { medianInPlace } from './median.js';
export { medianScaleRatio, scaleInPlace, MedianScratch } from './median-scaling.js';
export { resizeBilinear, resizeNearest } from './resize-bilinear.js';
export { withFlipTta, type PredictFn } from './flip-tta.js';
export { readDepthFile, depthFileExtensions } from './read-depth-file.js';
export { readNpyDepth, parseNpyDepth } from './read-npy.js';
export { readPng16Depth } from './read-png16-depth.js';
export { evaluateImage, selectionFor, EvalScratch, type EvaluateOptions, type ImageEvaluation } from './evaluate-image.js';
export { listDepthFiles, matchDepthFiles, type DepthFilePair } from './match-files.js';
export { runEvaluation, type RunEvaluationOptions } from './run-evaluation.js';
export { reportMarkdown, reportCsv, describeConventions, type EvalReport, type EvalSettings, type PerImageEntry } from './eval-report.js';
export { encodeNpy, encodeNpyDepth } from './encode-npy.js';
export { EvalReportBuilder } from './report-builder.js';
export { protocolComparisonMarkdown, protocolComparisonCsv, protocolListMarkdown, type ProtocolRun } from './protocol-table.js';

export * from './web.js';
export { calibrateSigma, calibrateOnData, type SigmaCalibration, type CalibrateOnDataOptions } from './robust/calibrate.js';
export { routeByCoarseDepth, maxCoarseDepth, coarseDepth, paperSigma, defaultCoarseRouterOptions, type DepthRange, type CoarseRouterOptions, type CoarseDecision } from './robust/coarse-router.js';
export { routeByScene, loadSceneClassifier, readLabels, readSceneRangeTable, noClassifierMessage, paperTopK, type SceneClassifier, type SceneDecision } from './robust/scene-router.js';
export { predictRobust, routeImage, type PredictRobustOptions, type RobustRouter, type RouteRecord } from './robust/predict-robust.js';
export { trainRobust, coarseAugmentations, mixedSource, coarseFrames, type CoarseFrames, type TrainRobustOptions } from './robust/train-robust.js';

export { fit, trainFiles } from './fit.js';
export type {
  FitConfig,
  FitResult,
  LossFn,
  LossResult,
  StepContext,
  StepResult,
  TrainStepFn,
  TrainStepContext,
  ExtraModel,
  Gradients,
  DataSource,
  ValidationMetrics,
} from './fit-config.js';
export { createOptimizer } from './optimizers/create-optimizer.js';
export { Adam, type AdamOptions } from './optimizers/adam.js';
export { Sgd, type SgdOptions } from './optimizers/sgd.js';
export type { Optimizer, OptimizerConfig, OptimizerType, NamedSlot } from './optimizers/optimizer.js';
export { createSchedule, type ScheduleConfig, type ScheduleType, type LearningRate } from './schedule.js';
export { clipGradNorm, globalNorm, type ClippedGradients } from './clip-grad-norm.js';
export { computeGradients } from './gradient-step.js';
export { Checkpoint, type TrainState, type BestMetric, type CheckpointParts, type RunFingerprint, type RestoredCheckpoint, type RejectedCheckpoint, type NoCheckpoint } from './checkpoint/checkpoint.js';
export { fingerprintDifferences } from './checkpoint/fingerprint.js';
export { checkRunFolder } from './checkpoint/run-folder.js';
export { trapInterrupts, stopSignals, type InterruptTrap, type StopSignal, type TrapOptions } from './interrupt.js';
export { AtomicDirectory, type WriteHook, type VersionOf } from './checkpoint/atomic-directory.js';
export { guardTensors } from './leak-guard.js';
export { TrainRandom } from './rng.js';
export { createProgress, type Progress, type ProgressMode, type ProgressInfo, type ProgressOptions } from './progress.js';
export { TrainLog, readTrainLog, readTrainLogLines, type TrainLogEntry, type ResumeMarker } from './train-log.js';
export { renderTrainingCurves, trainingCurvesSvg } from './render-curves.js';
export { protocolValidator, type ProtocolValidatorOptions } from './protocol-validator.js';
export { isWasmHeapFailure, explainStepFailure } from './heap-failure.js';

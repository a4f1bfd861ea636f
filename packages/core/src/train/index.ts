// The training loop's Node-only parts (fit, checkpoints, logs, signals). Optimizers, schedules
// and the step types a page also uses are listed once, in ../web.ts.
export { fit, trainFiles } from './fit.js';
export type { FitConfig, FitResult, DataSource, ValidationMetrics } from './fit-config.js';
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

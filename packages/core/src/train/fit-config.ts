import type * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';
import type { Batch, BatchPosition } from '../datasets/pipeline/batch.js';
import type { Pipeline } from '../datasets/pipeline/pipeline.js';
import type { DepthMetrics } from '../metrics/depth-metrics.js';
import type { WriteHook } from './checkpoint/atomic-directory.js';
import type { BestMetric, RunFingerprint } from './checkpoint/checkpoint.js';
import type { Optimizer, OptimizerConfig } from './optimizers/optimizer.js';
import type { ProgressMode } from './progress.js';
import type { TrainRandom } from './rng.js';
import type { ScheduleConfig } from './schedule.js';

export interface StepContext {
  /** The update being computed, from 1. */
  step: number;
  epoch: number;
  /** This update's learning rate. */
  lr: number;
  /** Seeded, checkpointed generator: draw from it (not Math.random) so a resumed run matches. */
  random: TrainRandom;
}

export interface LossResult {
  total: tf.Scalar;
  /** Named parts, logged beside the total. */
  terms?: Record<string, tf.Scalar>;
}

/** Called inside the gradient tape: whatever it computes is freed after the step. */
export type LossFn = (batch: Batch, outputs: tf.Tensor | tf.Tensor[], context: StepContext) => LossResult;

export interface Gradients {
  value: number;
  terms: Record<string, number>;
  /** By trainable-variable position; null where the loss does not reach a variable. */
  grads: (tf.Tensor | null)[];
}

export interface TrainStepContext extends StepContext {
  model: tfl.LayersModel;
  optimizer: Optimizer;
  variables: tf.Variable[];
  /** Gradients of `f` with respect to `variables` (or `of`); the caller disposes `grads`. */
  gradients(f: () => LossResult, of?: tf.Variable[]): Gradients;
  /** Clips (when configured) and applies gradients of the model's variables at this step's rate. */
  applyGradients(grads: (tf.Tensor | null)[]): { gradNorm?: number };
}

export interface StepResult {
  loss: number;
  terms?: Record<string, number>;
  gradNorm?: number;
}

/**
 * A network trained beside the model by a custom step (a GAN's discriminator), with the
 * optimizer that updates it: checkpoints hold both, so a resumed run continues exactly.
 */
export interface ExtraModel {
  model: tfl.LayersModel;
  optimizer?: Optimizer;
}

/** A custom update (GANs, alternating objectives). It receives `accumulate` batches and must leave no tensors. */
export type TrainStepFn = (batches: Batch[], context: TrainStepContext) => StepResult | Promise<StepResult>;

/**
 * A pipeline (resumed at `pipeline.after(last batch)`), a factory that starts at a position
 * (undefined: the beginning; otherwise `{ epoch, step: last step + 1 }` of the last batch's meta,
 * which the factory rolls over into the next epoch), or any iterable (replayed and skipped).
 */
export type DataSource = Pipeline | AsyncIterable<Batch> | ((from: BatchPosition | undefined) => AsyncIterable<Batch>);

/** Named numbers; core's DepthMetrics record (an interface, so not a Record) is accepted as is. */
export type ValidationMetrics = Record<string, number> | DepthMetrics;

export interface FitConfig {
  model: tfl.LayersModel;
  /** The loss on the model's outputs (`model.apply(batch.images, { training: true })`). */
  loss?: LossFn;
  /** Replaces the default loss → gradients → clip → update step. */
  trainStep?: TrainStepFn;
  /** Networks the trainStep trains besides `model`, saved and restored with each checkpoint by name. */
  extraModels?: Record<string, ExtraModel>;
  data: DataSource;
  optimizer: OptimizerConfig;
  schedule?: ScheduleConfig;
  /** Optimizer updates to run (each consumes `accumulate` batches); or give `epochs`. */
  steps?: number;
  epochs?: number;
  /** Needed with `epochs` unless `data` is a pipeline. */
  batchesPerEpoch?: number;
  /** Max global L2 norm of the gradients (torch clip_grad_norm_). */
  clipGradNorm?: number;
  /** Micro-batches averaged into one update (default 1). */
  accumulate?: number;
  /** Seeds the training RNG handed to the loss (default 0). The pipeline has its own seed. */
  seed?: number;
  /** Save `checkpoints/last` every this many updates (and always at the end and on `signal`). */
  checkpointEvery?: number;
  /** Also save once this many minutes of wall time have passed since the last save. */
  checkpointEveryMinutes?: number;
  /**
   * When aborted (trapInterrupts() on SIGINT/SIGTERM), the current update finishes, the
   * checkpoint is written and fit returns with `interrupted` set to the abort reason.
   */
  signal?: AbortSignal;
  /**
   * What the run is made from (options, data list hash, sizes): stored with each checkpoint; a
   * resume whose fingerprint differs is refused with the differences listed, unless `force`.
   */
  fingerprint?: RunFingerprint;
  /** Resume despite fingerprint differences: each is warned about and written in the log's resume marker. */
  force?: boolean;
  /** Start afresh in an outDir that already holds a run (its log, curves and checkpoints are deleted); otherwise refused. */
  overwrite?: boolean;
  /** Warnings: a damaged checkpoint passed over, a forced resume (default: stderr). */
  warn?: (line: string) => void;
  validateEvery?: number;
  validate?: (model: tfl.LayersModel, context: { step: number; epoch: number }) => Promise<ValidationMetrics>;
  /** Keeps `checkpoints/best` at the best value of this validation metric. */
  bestMetric?: { name: string; mode: 'min' | 'max' };
  outDir: string;
  /**
   * Continue from `checkpoints/last` (or `checkpoints/previous` when last is damaged) at the next
   * update; refused when there is no sound checkpoint.
   */
  resume?: boolean;
  /**
   * Called once before the first update of a run that starts from scratch (not `resume`),
   * never when a checkpoint is restored: e.g. to load pretrained weights, which a resumed run
   * already holds in its checkpoint.
   */
  onFreshStart?: () => void | Promise<void>;
  /** Progress: a bar on a terminal, lines otherwise (`auto`, default), or nothing. */
  log?: ProgressMode;
  /** JSON-serialisable method state saved with each checkpoint (e.g. DeltaV's running values). */
  extraState?: () => unknown;
  restoreExtraState?: (state: unknown) => void;
  /** Stop (with a checkpoint, as at the end) once this much wall-clock time has passed. */
  timeLimitSeconds?: number;
  /** Called after each update; throwing stops training (the last checkpoint stays). */
  onStep?: (entry: { step: number; epoch: number; loss: number; terms: Record<string, number>; lr: number }) => void | Promise<void>;
  /** Test hook, called before every checkpoint file write and rename. */
  checkpointWriteHook?: WriteHook;
  /** Redraw `training-curves.png` at each checkpoint and at the end (default true). */
  curves?: boolean;
}

export interface FitResult {
  /** Updates done in total (including those before a resume). */
  step: number;
  /** The updates the run trains to (`steps`, or what `epochs` make). */
  total: number;
  epoch: number;
  /** The step the run resumed from (0 for a fresh run). */
  resumedFrom: number;
  /** Loss of each update this process ran, in order. */
  losses: number[];
  best: BestMetric | null;
  /** Why the run ended before `steps`, if it did. */
  stoppedEarly?: string;
  /** The abort reason (e.g. 'SIGINT') when `signal` stopped the run; the checkpoint holds its last update. */
  interrupted?: string;
  /** The checkpoint the run resumed from (`checkpoints/last`, or `previous` after a fallback). */
  resumedFromDir?: string;
}

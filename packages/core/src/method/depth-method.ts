import type * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';
import type { DatasetSpec, Intrinsics } from '../datasets/spec.js';
import type { MetricName } from '../metrics/depth-metrics.js';
import type { AugmentationPreset } from '../datasets/pipeline/augmentation-presets.js';
import type { ExtraModel, LossResult, TrainStepFn } from '../train/fit-config.js';
import type { OptimizerConfig } from '../train/optimizers/optimizer.js';
import type { ScheduleConfig } from '../train/schedule.js';

/** The contract's version: a bench or CLI built for version 1 reads any version-1 method. */
export const depthMethodContractVersion = 1;

export interface PaperReference {
  title: string;
  year: number;
  authors: string[];
  venue?: string;
  url?: string;
  /** The numbers the paper reports, which the bench prints beside its own measurements. */
  reported?: ReportedResult[];
}

/** One row of a paper's results table, labelled with what it was measured on. */
export interface ReportedResult {
  /** The dataset spec's name ('kitti', 'nyu', 'synthia'). */
  dataset: string;
  /** The test split as the paper used it, e.g. 'Eigen test split (697 images)'. */
  split: string;
  /** The ground truth and caps, e.g. 'raw velodyne, cap 80 m, Garg crop'. */
  groundTruth: string;
  /** The paper's configuration of this row (backbone, variant). */
  configuration: string;
  /** Where in the paper, e.g. 'Table I'. */
  source: string;
  /** In depthkit's metric names and units (silog ×100 as BTS, irmse in 1/km). */
  metrics: Partial<Record<MetricName, number>>;
  /** What a reader must know before comparing (garbled headers, other conventions). */
  note?: string;
}

/** What a training run actually feeds the network: the dataset, crop and augmentation chain. */
export interface TrainingSetting {
  dataset: DatasetSpec;
  /** [h, w] at the network input: the preset's crop or `train --crop`. */
  crop: [number, number];
  augmentation: AugmentationPreset;
}

/** How a preset trains: what the paper (or depthkit, where the paper is silent) prescribes. */
export interface TrainingRecipe {
  batchSize: number;
  /** Training crop [h, w] fed to the network. */
  crop: [number, number];
  steps?: number;
  epochs?: number;
  optimizer: OptimizerConfig;
  schedule?: ScheduleConfig;
  clipGradNorm?: number;
  /** Changes to the dataset's augmentation preset (BTS's recipe by default). */
  augmentation?: Partial<AugmentationPreset>;
  /** Predict at this [h, w] and resize to the GT (default: the GT's own size). */
  testSize?: [number, number];
  /**
   * The synthetic data `train` generates when no `--data` is given (depthkit synth): frame
   * counts and [width, height] (default 96 / 24 frames at the dataset's native size).
   */
  synthetic?: { train: number; test: number; size?: [number, number] };
  /**
   * How often `checkpoints/last` is written: every `steps` updates (default: once an epoch) and
   * at least every `minutes` of wall time (default 10); the CLI's --checkpoint-every-* override.
   */
  checkpointEvery?: { steps?: number; minutes?: number };
  /** Words for the README and reports: where each number comes from. */
  source: string;
}

/**
 * A named configuration of a method for one dataset. Every dataset fact (caps, crops, depth
 * scale, resolution) is read from `dataset`; a preset never restates one.
 */
export interface MethodPreset<Config> {
  name: string;
  dataset: DatasetSpec;
  config: Config;
  training: TrainingRecipe;
  description: string;
  /**
   * The dataset a folder given to eval/predict is read as, when it is not the training one
   * (segment-depth trains on SYNTHIA and is tested on KITTI). Default: `dataset`.
   */
  testDataset?: DatasetSpec;
}

/** What predict may know about the images besides their pixels. */
export interface PredictContext {
  /** The camera that took the images, in pixels at the size of the images passed to predict. */
  intrinsics?: Intrinsics;
}

/**
 * A custom update together with the networks it trains besides the model (a GAN's
 * discriminator): fit() checkpoints and restores those with their optimizers.
 */
export interface MethodTrainer {
  step: TrainStepFn;
  extraModels?: Record<string, ExtraModel>;
  /** Frees what the trainer built (called once the run ends). */
  dispose?(): void;
}

/** What a method's network is, once built. */
export interface MethodModel {
  model: tfl.LayersModel;
  /** The network's total down-sampling: predict() pads inputs to a multiple of it. */
  stride: number;
  /** Method state that is not a weight but must survive checkpoints (e.g. region-support's δ_v). */
  extraState?: () => Record<string, number>;
  restoreExtraState?: (state: Record<string, number>) => void;
}

export interface TrainBatch {
  /** [B, H, W, 3] normalised images. */
  images: tf.Tensor4D;
  /** [B, H, W, 1] metric depth, 0 where unknown. */
  depth: tf.Tensor4D;
  /** [B, H, W, 1] 1 where the depth is valid under the dataset's caps. */
  mask?: tf.Tensor4D;
  labels?: tf.Tensor;
  instances?: tf.Tensor;
}


/**
 * A depth-estimation method as the bench and the shared CLI see it. Nothing registers itself:
 * the bench lists descriptors explicitly.
 */
export interface DepthMethod<Config = unknown> {
  contractVersion: typeof depthMethodContractVersion;
  id: string;
  paper: PaperReference;
  defaultConfig: Config;
  /** By name: every method has `tiny`; one with `nyu` also has `tiny-nyu`. */
  presets: Record<string, MethodPreset<Config>>;
  createModel(config: Config): MethodModel;
  /**
   * The config as trained at the run's actual setting (`train --crop` changes the preset's
   * size): values that depend on it — segment-depth's focal length in pixels at the network
   * input — are derived here, and this config is the one trained and saved with the model.
   * Throws, naming the setting, when such a value cannot be derived. Default: the preset's.
   */
  trainingConfig?(config: Config, setting: TrainingSetting): Config;
  /** The training objective for one batch, from the model's training-mode outputs. */
  loss(batch: TrainBatch, outputs: tf.Tensor | tf.Tensor[], config: Config, step: number): LossResult;
  /**
   * A custom update replacing loss → gradients → step (e.g. a GAN's alternating discriminator
   * and generator updates). Built once per run, so it can hold extra networks and optimizers;
   * return a MethodTrainer to have those checkpointed. `training` is the preset's recipe.
   */
  trainStep?(built: MethodModel, config: Config, training?: TrainingRecipe): TrainStepFn | MethodTrainer;
  /**
   * Metric depth [B, H, W, 1] for images [B, H, W, 3] whose sides are multiples of the
   * model's stride (use `predictDepth` for any size). `context` carries what is known about
   * the camera (a method trained on another camera may correct for its focal length).
   */
  predict(built: MethodModel, images: tf.Tensor4D, config: Config, context?: PredictContext): tf.Tensor4D;
}

export function defineMethod<Config>(method: Omit<DepthMethod<Config>, 'contractVersion'>): DepthMethod<Config> {
  for (const [name, preset] of Object.entries(method.presets)) {
    if (preset.name !== name) throw new Error(`method '${method.id}': preset key '${name}' names preset '${preset.name}'`);
  }
  if (!('tiny' in method.presets)) throw new Error(`method '${method.id}': every method needs a 'tiny' preset (CI trains it)`);
  if ('nyu' in method.presets && !('tiny-nyu' in method.presets)) {
    throw new Error(`method '${method.id}': a method with an 'nyu' preset also needs 'tiny-nyu'`);
  }
  return { contractVersion: depthMethodContractVersion, ...method };
}

export function definePreset<Config>(preset: MethodPreset<Config>): MethodPreset<Config> {
  const [h, w] = preset.training.crop;
  if (!(h > 0 && w > 0)) throw new Error(`preset '${preset.name}': crop must be positive, got ${preset.training.crop}`);
  if (preset.training.steps == null && preset.training.epochs == null) {
    throw new Error(`preset '${preset.name}': give training.steps or training.epochs`);
  }
  return preset;
}

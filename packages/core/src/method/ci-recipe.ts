import type { DatasetSpec } from '../datasets/spec.js';
import type { OptimizerConfig } from '../train/optimizers/optimizer.js';
import type { ScheduleConfig } from '../train/schedule.js';
import type { TrainingRecipe } from './depth-method.js';

/**
 * [width, height] of the synthetic frames CI-sized presets and the bench train and test on:
 * KITTI as small road strips, NYU at the 640×480 its sync reader accepts.
 */
export function ciSyntheticSize(spec: DatasetSpec): [number, number] {
  if (spec.name === 'kitti') return [320, 128];
  if (spec.name === 'nyu') return [640, 480];
  throw new Error(`no CI synthetic frame size for dataset '${spec.name}'`);
}

export interface CiRecipeOptions {
  dataset: DatasetSpec;
  crop: [number, number];
  steps: number;
  optimizer: OptimizerConfig;
  schedule?: ScheduleConfig;
  batchSize?: number;
  source: string;
}

/**
 * The recipe of a `tiny` / `tiny-nyu` preset: whole synthetic frames resized to the crop (no
 * KB pre-crop, no rotation), predicted at that size, 96 / 24 generated frames.
 */
export function ciRecipe(o: CiRecipeOptions): TrainingRecipe {
  return {
    batchSize: o.batchSize ?? 4,
    crop: o.crop,
    steps: o.steps,
    optimizer: o.optimizer,
    ...(o.schedule ? { schedule: o.schedule } : {}),
    augmentation: { preCrop: undefined, rotateDegrees: 0, resizeToSize: true },
    testSize: o.crop,
    synthetic: { train: 96, test: 24, size: ciSyntheticSize(o.dataset) },
    source: o.source,
  };
}

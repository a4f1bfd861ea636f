import type { Random } from '../prng.js';
import type { TrainSample } from '../train-sample.js';

/** What an augmentation drew, reported in the batch's meta so a run can be audited. */
export type AugmentParams = Record<string, number | boolean | readonly number[]>;

export interface Augmented {
  sample: TrainSample;
  params?: AugmentParams;
}

/**
 * One step of the augmentation chain: a pure function of the sample and a generator seeded from
 * (seed, epoch, sample index, step position), so the same coordinates always give the same draw.
 */
export interface Augmentation {
  name: string;
  apply(sample: TrainSample, random: Random): Augmented;
  /**
   * How to build this step again in a worker thread (functions do not cross threads): the name
   * of a factory in augment/recipe.ts and its structured-cloneable arguments. A step without one
   * runs only in the pipeline's own thread (`workers: 0`).
   */
  recipe?: AugmentationRecipe;
}

export interface AugmentationRecipe {
  factory: string;
  args: readonly unknown[];
}

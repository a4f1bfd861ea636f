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
}

import type { Augmentation } from './augment/augmentation.js';
import { resizeSample } from './augment/resize.js';
import type { PreparedSample } from './batch.js';
import { mixSeed, mulberry32 } from './prng.js';
import { toTrainSample, type SourceSample } from './train-sample.js';

/** What turns a read sample into a batch item; the same in the pipeline's thread and in a worker. */
export interface AugmentPlan {
  seed: number;
  augment: readonly Augmentation[];
  size?: readonly [number, number];
}

/**
 * Augments and resizes one sample. Each step draws from a generator seeded by (seed, epoch,
 * sample index, step position) alone, so the thread that runs it cannot change the result.
 */
export function augmentSample(plan: AugmentPlan, epoch: number, index: number, read: SourceSample): PreparedSample {
  let sample = toTrainSample(read);
  const augment: PreparedSample['augment'] = {};
  plan.augment.forEach((step, position) => {
    const result = step.apply(sample, mulberry32(mixSeed(plan.seed, epoch, index, position + 1)));
    sample = result.sample;
    if (result.params) augment[step.name] = result.params;
  });
  if (plan.size) sample = resizeSample(sample, plan.size[0], plan.size[1]);
  return { index, sample, augment };
}

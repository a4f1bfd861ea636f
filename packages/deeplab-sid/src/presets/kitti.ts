import { definePreset, kittiSpec, type TrainingRecipe } from '@depthkit/core/web';
import { defaultConfig, type DeeplabSidConfig } from '../config.js';

/**
 * The paper's training (§4): SGD momentum 0.9, lr 2.5e-4 with poly decay (power 0.9), weight
 * decay 5e-4, batch 3, 100K iterations, 420×800 crops. Shared by the KITTI and SYNTHIA presets.
 */
export function paperTraining(source: string, augmentation: TrainingRecipe['augmentation']): TrainingRecipe {
  return {
    batchSize: 3,
    crop: [420, 800],
    steps: 100_000,
    optimizer: { type: 'sgd', lr: 2.5e-4, momentum: 0.9, weightDecay: 5e-4 },
    schedule: { type: 'poly', power: 0.9 },
    augmentation,
    source,
  };
}

/**
 * Eigen et al. (NIPS 2014, §3.3)'s augmentation: scaling by s ∈ [1, 1.5] with depth ÷ s,
 * rotation in ±5°, random crops, flips with p = 0.5, per-channel colour factors in [0.8, 1.2]
 * (always applied).
 */
export const eigenAugmentation = {
  scale: [1, 1.5] as const,
  rotateDegrees: 5,
  flipProbability: 0.5,
  jitter: { probability: 1, colour: [0.8, 1.2] as const },
};

/**
 * KITTI Eigen split, K = 71 SID classes on [1 m, 80 m]. The 420-row crop is taller than KITTI's
 * 375-row frames: whole frames (no KB window) are padded on top with the mean colour and
 * ignored depth up to 420 rows, then randomly cropped to 420×800.
 */
export const kittiPreset = definePreset<DeeplabSidConfig>({
  name: 'kitti',
  dataset: kittiSpec,
  config: { ...defaultConfig, alpha: 1, beta: kittiSpec.maxDepth },
  training: paperTraining(
    'paper §4 (optimizer, schedule, batch, iterations, crop, 71 SID classes, 80 m); α = 1 m as DORN\'s KITTI setting; Eigen et al. 2014 augmentation; top padding to 420 rows is depthkit\'s',
    { ...eigenAugmentation, preCrop: undefined, padToSize: true },
  ),
  description: 'KITTI Eigen split as the paper (ResNet-101 DeepLab v2, 71 SID classes, 420×800 crops)',
});

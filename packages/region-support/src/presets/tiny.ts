import { definePreset, kittiSpec, nyuSpec, type TrainingRecipe } from '@depthkit/core';
import { defaultConfig, defaultMeanShift, type RegionSupportConfig } from '../config.js';

// One block per stage and 8–16 channels: the same modules and losses at CI size (most of this
// network runs at full resolution, so the frames are small too). Synthetic data has instance
// maps, so 'auto' trains the embedding with the supervised loss (eqs. 1–2).
const tinyConfig: Omit<RegionSupportConfig, 'maxDepth' | 'depthPrior'> = {
  ...defaultConfig,
  blocks: [1, 1, 1, 1],
  stageChannels: [8, 16, 16, 16],
  decoderChannels: [8, 8],
  clusterChannels: [8, 8, 8],
  depthChannels: [8, 8, 8, 8, 8, 8],
  refineChannels: [8, 8, 8, 8],
  meanShift: { ...defaultMeanShift, seeds: 64, sampleStride: 2 },
};

/** Small frames resized whole (synthetic frames are small), a few hundred steps on 2 cores. */
function tinyTraining(crop: [number, number], synthSize: [number, number]): TrainingRecipe {
  return {
    batchSize: 4,
    crop,
    steps: 120,
    optimizer: { type: 'adam', lr: 2e-3 },
    schedule: { type: 'poly', power: 0.9, endLr: 2e-4, warmupSteps: 10 },
    augmentation: { preCrop: undefined, rotateDegrees: 0, resizeToSize: true },
    testSize: crop,
    synthetic: { train: 96, test: 24, size: synthSize },
    source: 'depthkit: CI-sized (one block per stage, 8–16 channels, small frames, 120 steps)',
  };
}

export const tinyPreset = definePreset<RegionSupportConfig>({
  name: 'tiny',
  dataset: kittiSpec,
  config: { ...tinyConfig, maxDepth: kittiSpec.maxDepth, depthPrior: kittiSpec.maxDepth / 4 },
  training: tinyTraining([32, 80], [320, 128]),
  description: 'CI: one block per stage at 32×80 on synthetic KITTI (instance-supervised regions)',
});

export const tinyNyuPreset = definePreset<RegionSupportConfig>({
  name: 'tiny-nyu',
  dataset: nyuSpec,
  config: { ...tinyConfig, maxDepth: nyuSpec.maxDepth, depthPrior: nyuSpec.maxDepth / 4 },
  // NYU's sync reader takes 640×480 frames only.
  training: tinyTraining([48, 64], [640, 480]),
  description: 'CI: one block per stage at 48×64 on synthetic NYU rooms',
});

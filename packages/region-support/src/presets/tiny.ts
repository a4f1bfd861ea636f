import { ciRecipe, definePreset, kittiSpec, nyuSpec, type DatasetSpec, type TrainingRecipe } from '@depthkit/core/web';
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

/** Small frames resized whole (most of this network runs at full resolution), 120 steps. */
function tinyTraining(dataset: DatasetSpec, crop: [number, number]): TrainingRecipe {
  return ciRecipe({
    dataset,
    crop,
    steps: 120,
    optimizer: { type: 'adam', lr: 2e-3 },
    schedule: { type: 'poly', power: 0.9, endLr: 2e-4, warmupSteps: 10 },
    source: 'depthkit: CI-sized (one block per stage, 8–16 channels, small frames, 120 steps)',
  });
}

export const tinyPreset = definePreset<RegionSupportConfig>({
  name: 'tiny',
  dataset: kittiSpec,
  config: { ...tinyConfig, maxDepth: kittiSpec.maxDepth, depthPrior: kittiSpec.maxDepth / 4 },
  training: tinyTraining(kittiSpec, [32, 80]),
  description: 'CI: one block per stage at 32×80 on synthetic KITTI (instance-supervised regions)',
});

export const tinyNyuPreset = definePreset<RegionSupportConfig>({
  name: 'tiny-nyu',
  dataset: nyuSpec,
  config: { ...tinyConfig, maxDepth: nyuSpec.maxDepth, depthPrior: nyuSpec.maxDepth / 4 },
  training: tinyTraining(nyuSpec, [48, 64]),
  description: 'CI: one block per stage at 48×64 on synthetic NYU rooms',
});

import { ciRecipe, definePreset, kittiSpec, nyuSpec, type DatasetSpec, type TrainingRecipe } from '@depthkit/core/web';
import { defaultConfig, type DsSidenetConfig } from '../config.js';

// An eighth of the width (Tables 1–2 ÷ 8), shorter AM modules and fewer bins: CI-sized, same topology.
const tinyConfig: DsSidenetConfig = { ...defaultConfig, widthScale: 0.125, amDilations: [1, 2, 4], bins: 40 };

/** Whole synthetic frames resized to the crop, a hundred-odd steps on 2 cores. */
function tinyTraining(dataset: DatasetSpec, crop: [number, number]): TrainingRecipe {
  return ciRecipe({
    dataset,
    crop,
    steps: 120,
    optimizer: { type: 'adam', lr: 2e-3 },
    schedule: { type: 'poly', power: 0.9, endLr: 1e-4, warmupSteps: 10 },
    source: 'depthkit: CI-sized (width × 0.125, K = 40, 120 steps)',
  });
}

/** The high-range network (SAM in decoder block 3) on synthetic KITTI. */
export const tinyPreset = definePreset<DsSidenetConfig>({
  name: 'tiny',
  dataset: kittiSpec,
  config: { ...tinyConfig, range: 'high', alpha: 1, beta: kittiSpec.maxDepth },
  training: tinyTraining(kittiSpec, [64, 160]),
  description: 'CI: high-range DS-SIDENet (width × 0.125) at 64×160 on synthetic KITTI',
});

/** The low-range network on synthetic NYU rooms. */
export const tinyNyuPreset = definePreset<DsSidenetConfig>({
  name: 'tiny-nyu',
  dataset: nyuSpec,
  config: { ...tinyConfig, range: 'low', alpha: 0.5, beta: nyuSpec.maxDepth },
  training: tinyTraining(nyuSpec, [96, 128]),
  description: 'CI: low-range DS-SIDENet (width × 0.125) at 96×128 on synthetic NYU rooms',
});

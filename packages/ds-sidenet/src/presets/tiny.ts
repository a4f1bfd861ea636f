import { definePreset, kittiSpec, nyuSpec, type TrainingRecipe } from '@depthkit/core';
import { defaultConfig, type DsSidenetConfig } from '../config.js';

// An eighth of the width (Tables 1–2 ÷ 8), shorter AM modules and fewer bins: CI-sized, same topology.
const tinyConfig: DsSidenetConfig = { ...defaultConfig, widthScale: 0.125, amDilations: [1, 2, 4], bins: 40 };

/** Small frames, whole-frame resize (synthetic frames are small), a few hundred steps on 2 cores. */
function tinyTraining(crop: [number, number], synthSize: [number, number]): TrainingRecipe {
  return {
    batchSize: 4,
    crop,
    steps: 120,
    optimizer: { type: 'adam', lr: 2e-3 },
    schedule: { type: 'poly', power: 0.9, endLr: 1e-4, warmupSteps: 10 },
    augmentation: { preCrop: undefined, rotateDegrees: 0, resizeToSize: true },
    testSize: crop,
    synthetic: { train: 96, test: 24, size: synthSize },
    source: 'depthkit: CI-sized (width × 0.125, K = 40, 120 steps)',
  };
}

/** The high-range network (SAM in decoder block 3) on synthetic KITTI. */
export const tinyPreset = definePreset<DsSidenetConfig>({
  name: 'tiny',
  dataset: kittiSpec,
  config: { ...tinyConfig, range: 'high', alpha: 1, beta: kittiSpec.maxDepth },
  training: tinyTraining([64, 160], [320, 128]),
  description: 'CI: high-range DS-SIDENet (width × 0.125) at 64×160 on synthetic KITTI',
});

/** The low-range network on synthetic NYU rooms. */
export const tinyNyuPreset = definePreset<DsSidenetConfig>({
  name: 'tiny-nyu',
  dataset: nyuSpec,
  config: { ...tinyConfig, range: 'low', alpha: 0.5, beta: nyuSpec.maxDepth },
  // NYU's sync reader takes 640×480 frames only.
  training: tinyTraining([96, 128], [640, 480]),
  description: 'CI: low-range DS-SIDENet (width × 0.125) at 96×128 on synthetic NYU rooms',
});

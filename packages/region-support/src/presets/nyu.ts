import { definePreset, nyuSpec } from '@depthkit/core/web';
import { defaultConfig, type RegionSupportConfig } from '../config.js';

/** NYU Depth v2 (BTS's 416×544 crops); the rest as the kitti preset, also depthkit's choice. */
export const nyuPreset = definePreset<RegionSupportConfig>({
  name: 'nyu',
  dataset: nyuSpec,
  config: { ...defaultConfig, maxDepth: nyuSpec.maxDepth, depthPrior: nyuSpec.maxDepth / 4, clusterLoss: 'rw' },
  training: {
    batchSize: 2,
    crop: [416, 544],
    epochs: 50,
    optimizer: { type: 'adam', lr: 1e-4 },
    schedule: { type: 'poly', power: 0.9, endLr: 1e-5 },
    source: 'depthkit (the paper\'s experiment section is missing): BTS NYU crop, batch 2, Adam 1e-4 → 1e-5 poly, 50 epochs; L_rw',
  },
  description: 'NYU Depth v2, L_rw clustering loss (the paper publishes no numbers)',
});

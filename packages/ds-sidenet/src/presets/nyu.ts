import { definePreset, nyuSpec } from '@depthkit/core/web';
import { defaultConfig, type DsSidenetConfig } from '../config.js';

/**
 * The paper's NYU network: the low-range DS-SIDENet (Tables 1–2), soft-cl + reg (Table 6's best
 * row). The paper gives no α, β, K, optimiser, batch or schedule: [0.5, 10] m covers NYU's
 * measured range (the spec's cap is 10 m), K = 80 bins of 0.016 in log10 (≈ 3.8 % of depth).
 * Training follows the shared NYU recipe at the 416×544 crop (a multiple of 32); Adam 1e-4 with
 * poly decay over 50 epochs is depthkit's choice, not the paper's.
 */
export const nyuPreset = definePreset<DsSidenetConfig>({
  name: 'nyu',
  dataset: nyuSpec,
  config: { ...defaultConfig, range: 'low', alpha: 0.5, beta: nyuSpec.maxDepth, bins: 80 },
  training: {
    batchSize: 8,
    crop: [416, 544],
    epochs: 50,
    optimizer: { type: 'adam', lr: 1e-4 },
    schedule: { type: 'poly', power: 0.9, endLr: 1e-5 },
    source: 'paper §4–5 (architecture, losses, w1 = w2 = 1); depthkit for α, β, K, optimiser, schedule, batch, crop and augmentation (the paper gives none): core\'s NYU recipe = BTS\'s (border crop, ±2.5° rotation, 416×544 random crop, flip, colour jitter)',
  },
  description: 'NYU Depth v2, low-range DS-SIDENet (soft-cl + reg, classification branch at test time)',
});

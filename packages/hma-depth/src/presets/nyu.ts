import { definePreset, nyuSpec } from '@depthkit/core/web';
import { defaultConfig, type HmaDepthConfig } from '../config.js';

/**
 * NYU Depth v2 is the paper's announced future work (§4): this is BTS's NYU setting (416×544
 * random crops, max depth 10 m, ±2.5° rotation, AdamW 1e-4 → 1e-5 poly), with the paper's
 * batch size and epochs kept.
 */
export const nyuPreset = definePreset<HmaDepthConfig>({
  name: 'nyu',
  dataset: nyuSpec,
  config: { ...defaultConfig, backbone: 'resnet50', maxDepth: nyuSpec.maxDepth },
  training: {
    batchSize: 16,
    crop: [416, 544],
    epochs: 50,
    optimizer: { type: 'adamw', lr: 1e-4, weightDecay: 1e-2, epsilon: 1e-6 },
    schedule: { type: 'poly', power: 0.9, endLr: 1e-5 },
    source: 'BTS NYU setting (the paper announces NYU as future work)',
  },
  description: 'NYU Depth v2, BTS-style (not in the paper)',
});

import { definePreset, kittiSpec } from '@depthkit/core/web';
import { defaultConfig, type HmaDepthConfig } from '../config.js';

/**
 * The paper's KITTI setting: Eigen split, max depth 80 m, batch 16, 50 epochs (§3). The paper
 * follows BTS for the rest, so these are BTS's (its arguments_train_eigen.txt): AdamW,
 * lr 1e-4 decayed polynomially (power 0.9) to 1e-5, weight decay 1e-2, ε 1e-6, random
 * 352×704 crops of the KB-cropped frame, ±1° rotation, flips and colour jitter.
 */
export const kittiPreset = definePreset<HmaDepthConfig>({
  name: 'kitti',
  dataset: kittiSpec,
  config: { ...defaultConfig, backbone: 'resnet50', maxDepth: kittiSpec.maxDepth },
  training: {
    batchSize: 16,
    crop: [352, 704],
    epochs: 50,
    optimizer: { type: 'adamw', lr: 1e-4, weightDecay: 1e-2, epsilon: 1e-6 },
    schedule: { type: 'poly', power: 0.9, endLr: 1e-5 },
    source: 'paper §3 (batch 16, 50 epochs, Eigen split, λ 0.85); BTS for optimizer, schedule, crop and augmentation',
  },
  description: 'KITTI Eigen split as the paper (ResNet-50; DenseNet-161 is its best row)',
});

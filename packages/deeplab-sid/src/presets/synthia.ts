import { definePreset, synthiaSpec } from '@depthkit/core/web';
import { defaultConfig, type DeeplabSidConfig } from '../config.js';
import { eigenAugmentation, paperTraining } from './kitti.js';

/**
 * SYNTHIA-RAND-CITYSCAPES as the paper's second experiment: 71 SID classes on [1 m, 80 m],
 * random 420×800 crops of the 760×1280 frames (no resize), the KITTI recipe otherwise.
 */
export const synthiaPreset = definePreset<DeeplabSidConfig>({
  name: 'synthia',
  dataset: synthiaSpec,
  config: { ...defaultConfig, alpha: 1, beta: synthiaSpec.maxDepth },
  training: paperTraining(
    'paper §4 (as KITTI: 420×800 crops, 71 classes, 80 m); α = 1 m is depthkit\'s choice; Eigen et al. 2014 augmentation',
    { ...eigenAugmentation, resizeToSize: false },
  ),
  description: 'SYNTHIA-RAND-CITYSCAPES as the paper (ResNet-101 DeepLab v2, 71 SID classes, 420×800 crops)',
});

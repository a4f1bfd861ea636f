import { ciRecipe, definePreset, kittiSpec } from '@depthkit/core/web';
import { defaultConfig, type DeeplabSidConfig } from '../config.js';

/**
 * CI-sized: resnet-tiny (still atrous, output stride 8) at 64×160, so the 1/8 feature map is
 * 8×20 and the paper's rates (6…24, meant for ~41×41 maps) would mostly see padding: rates
 * 1–4 keep ASPP's four branches meaningful. SGD with momentum as the paper, at a rate that
 * learns in fifty steps from random weights.
 */
export const tinyPreset = definePreset<DeeplabSidConfig>({
  name: 'tiny',
  dataset: kittiSpec,
  config: { ...defaultConfig, backbone: 'resnet-tiny', asppRates: [1, 2, 3, 4], alpha: 1, beta: kittiSpec.maxDepth },
  training: ciRecipe({
    dataset: kittiSpec,
    crop: [64, 160],
    steps: 50,
    optimizer: { type: 'sgd', lr: 2e-2, momentum: 0.9, weightDecay: 5e-4 },
    schedule: { type: 'poly', power: 0.9, warmupSteps: 10 },
    source: 'depthkit: CI-sized (resnet-tiny backbone, ASPP rates 1–4, SGD lr 2e-2, 50 steps)',
  }),
  description: 'CI: resnet-tiny DeepLab v2 with 71 SID classes at 64×160 on synthetic KITTI',
});

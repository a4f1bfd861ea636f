import { defineMethod, type DepthMethod } from '@depthkit/core';
import { defaultConfig, type DsSidenetConfig } from './config.js';
import { dsSidenetLoss } from './loss.js';
import { buildDsSidenetNetwork } from './model/ds-sidenet-network.js';
import { dsSidenetPredict } from './predict.js';
import { kittiPreset } from './presets/kitti.js';
import { nyuPreset } from './presets/nyu.js';
import { robustCoarsePreset } from './presets/robust.js';
import { tinyNyuPreset, tinyPreset } from './presets/tiny.js';

/** DS-SIDENet as the bench and the shared CLI see it (one network; the router lives in robust/). */
export const dsSidenet: DepthMethod<DsSidenetConfig> = defineMethod<DsSidenetConfig>({
  id: 'ds-sidenet',
  paper: {
    title: 'Deep Robust Single Image Depth Estimation Neural Network Using Scene Understanding',
    year: 2019,
    authors: ['Haoyu Ren', 'Mostafa El-khamy', 'Jungwon Lee'],
  },
  defaultConfig,
  presets: { kitti: kittiPreset, nyu: nyuPreset, robust: robustCoarsePreset, tiny: tinyPreset, 'tiny-nyu': tinyNyuPreset },
  createModel: buildDsSidenetNetwork,
  loss: (batch, outputs, config) => dsSidenetLoss(batch, outputs, config),
  predict: dsSidenetPredict,
});

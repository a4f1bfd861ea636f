import { defineMethod, type DepthMethod } from '@depthkit/core';
import { defaultConfig, type HmaDepthConfig } from './config.js';
import { hmaDepthLoss } from './loss.js';
import { registerHmaDepthLayers } from './model/hierarchical-masks.js';
import { buildHmaDepthNetwork } from './model/hma-depth-network.js';
import { hmaDepthPredict } from './predict.js';
import { kittiPreset } from './presets/kitti.js';
import { nyuPreset } from './presets/nyu.js';
import { tinyNyuPreset, tinyPreset } from './presets/tiny.js';

/** HMA-Depth as the bench and the shared CLI see it. */
export const hmaDepth: DepthMethod<HmaDepthConfig> = defineMethod<HmaDepthConfig>({
  id: 'hma-depth',
  paper: {
    title: 'HMA-Depth: A New Monocular Depth Estimation Model Using Hierarchical Multi-Scale Attention',
    year: 2021,
    authors: ['Zhaofeng Niu', 'Yuichiro Fujimoto', 'Masayuki Kanbara', 'Hirokazu Kato'],
    venue: 'IEEE MVA 2021',
  },
  defaultConfig,
  presets: { kitti: kittiPreset, nyu: nyuPreset, tiny: tinyPreset, 'tiny-nyu': tinyNyuPreset },
  createModel(config) {
    registerHmaDepthLayers();
    return buildHmaDepthNetwork(config);
  },
  loss: (batch, outputs, config) => hmaDepthLoss(batch, outputs, config),
  predict: hmaDepthPredict,
});

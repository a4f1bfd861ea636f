import { defineMethod, type DepthMethod } from '@depthkit/core/web';
import { defaultConfig, type RegionSupportConfig } from './config.js';
import { regionSupportLoss } from './loss.js';
import { registerRegionSupportLayers } from './model/region-layers.js';
import { buildRegionSupportNetwork } from './model/region-support-network.js';
import { regionSupportPredict } from './predict.js';
import { kittiPreset } from './presets/kitti.js';
import { nyuPreset } from './presets/nyu.js';
import { tinyNyuPreset, tinyPreset } from './presets/tiny.js';
import { regionSupportTrainStep } from './train-step.js';

/** Region-support depth inference as the bench and the shared CLI see it. */
export const regionSupport: DepthMethod<RegionSupportConfig> = defineMethod<RegionSupportConfig>({
  id: 'region-support',
  paper: {
    title: 'Region-Support Depth Inference from a Single Image',
    year: 2019,
    authors: ['Anonymous (CVPR submission)'],
    venue: 'CVPR submission (anonymous, unpublished)',
  },
  defaultConfig,
  presets: { kitti: kittiPreset, nyu: nyuPreset, tiny: tinyPreset, 'tiny-nyu': tinyNyuPreset },
  createModel(config) {
    registerRegionSupportLayers();
    return buildRegionSupportNetwork(config);
  },
  loss: (batch, outputs, config) => regionSupportLoss(batch, outputs, config),
  trainStep: regionSupportTrainStep,
  predict: regionSupportPredict,
});

import { defineMethod, type DepthMethod } from '@depthkit/core';
import { defaultConfig, type DeeplabSidConfig } from './config.js';
import { deeplabSidLoss } from './loss.js';
import { buildDeeplabSidNetwork } from './model/deeplab-v2.js';
import { deeplabSidPredict } from './predict.js';
import { kittiPreset } from './presets/kitti.js';
import { synthiaPreset } from './presets/synthia.js';
import { tinyPreset } from './presets/tiny.js';

/** DeepLab-SID as the bench and the shared CLI see it. */
export const deeplabSid: DepthMethod<DeeplabSidConfig> = defineMethod<DeeplabSidConfig>({
  id: 'deeplab-sid',
  paper: {
    title: 'Deep Classification Network for Monocular Depth Estimation',
    year: 2019,
    authors: ['Azeez Oluwafemi', 'Yang Zou', 'B.V.K. Vijaya Kumar'],
    venue: 'arXiv preprint (2019)',
  },
  defaultConfig,
  presets: { kitti: kittiPreset, synthia: synthiaPreset, tiny: tinyPreset },
  createModel: buildDeeplabSidNetwork,
  loss: (batch, outputs, config) => deeplabSidLoss(batch, outputs, config),
  predict: deeplabSidPredict,
});

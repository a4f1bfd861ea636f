import { defineMethod, type DepthMethod } from '@depthkit/core';
import { defaultConfig, type SegmentDepthConfig } from './config.js';
import { groupTable } from './groups.js';
import { segmentDepthLoss } from './loss.js';
import { registerSegmentDepthLayers } from './model/blocks.js';
import { buildSegmentDepthNetwork } from './model/segment-depth-network.js';
import { segmentDepthPredict } from './predict.js';
import { synthiaPreset } from './presets/synthia.js';
import { tinyPreset } from './presets/tiny.js';
import { segmentDepthTrainer } from './trainer.js';

/** Monocular segment-wise depth as the bench and the shared CLI see it. */
export const segmentDepth: DepthMethod<SegmentDepthConfig> = defineMethod<SegmentDepthConfig>({
  id: 'segment-depth',
  paper: {
    title: 'Monocular Segment-Wise Depth: Monocular Depth Estimation Based on a Semantic Segmentation Prior',
    year: 2019,
    authors: ['Amir Atapour-Abarghouei', 'Toby P. Breckon'],
    venue: 'IEEE ICIP 2019',
  },
  defaultConfig,
  presets: { synthia: synthiaPreset, tiny: tinyPreset },
  createModel(config) {
    registerSegmentDepthLayers();
    return buildSegmentDepthNetwork(config);
  },
  // Without the adversarial term (the trainer adds it): what a plain fit() would minimise.
  loss: (batch, outputs, config) => segmentDepthLoss(batch, outputs, config, groupTable(config.labelSet, config.groups)),
  trainStep: segmentDepthTrainer,
  predict: segmentDepthPredict,
});

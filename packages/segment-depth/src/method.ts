import { defineMethod, type DepthMethod, type ReportedResult } from '@depthkit/core/web';
import { defaultConfig, type SegmentDepthConfig } from './config.js';
import { groupTable } from './groups.js';
import { segmentDepthLoss } from './loss.js';
import { registerSegmentDepthLayers } from './model/blocks.js';
import { buildSegmentDepthNetwork } from './model/segment-depth-network.js';
import { segmentDepthPredict } from './predict.js';
import { trainFocalFor } from './presets/camera.js';
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
    // Neither venue nor year is in the paper's text (a review copy); both are from the public record.
    venue: 'IEEE ICIP 2019 (not stated in the paper text)',
    reported: paperTables(),
  },
  defaultConfig,
  presets: { synthia: synthiaPreset, tiny: tinyPreset },
  createModel(config) {
    registerSegmentDepthLayers();
    return buildSegmentDepthNetwork(config);
  },
  // f_train follows the size the network actually trains at (`train --crop` included), so the
  // saved config carries the focal length §4's correction needs; null (no correction) stays null.
  trainingConfig: (config, setting) => (config.trainFocal == null ? config : { ...config, trainFocal: trainFocalFor(setting) }),
  // Without the adversarial term (the trainer adds it): what a plain fit() would minimise.
  loss: (batch, outputs, config) => segmentDepthLoss(batch, outputs, config, groupTable(config.labelSet, config.groups)),
  trainStep: segmentDepthTrainer,
  predict: segmentDepthPredict,
});

/** Table 1 (held-out SYNTHIA, the three modes) and Table 2 (KITTI, trained on SYNTHIA only). */
function paperTables(): ReportedResult[] {
  const synthia = (configuration: string, [absRel, sqRel, rmse, rmseLog, d3]: number[]): ReportedResult => ({
    dataset: 'synthia', split: 'held-out SYNTHIA frames (split unstated)', groundTruth: 'rendered depth',
    configuration, source: 'Table 1', metrics: { abs_rel: absRel, sq_rel: sqRel, rmse, rmse_log: rmseLog, d3 },
  });
  return [
    synthia('direct', [0.861, 1.894, 7.012, 0.488, 0.683]),
    synthia('implicit', [0.404, 1.548, 6.324, 0.308, 0.838]),
    synthia('explicit', [0.286, 1.432, 6.122, 0.272, 0.902]),
    {
      dataset: 'kitti', split: 'Eigen test split (697 images)', groundTruth: 'projected velodyne (cap and crop unstated)',
      configuration: 'explicit, trained on SYNTHIA only, focal-length corrected', source: 'Table 2',
      metrics: { abs_rel: 0.168, sq_rel: 1.338, rmse: 5.702, rmse_log: 0.252, d3: 0.968 },
    },
  ];
}

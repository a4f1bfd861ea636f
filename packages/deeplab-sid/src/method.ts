import { defineMethod, type DepthMethod, type ReportedResult } from '@depthkit/core/web';
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
    reported: paperTables(),
  },
  defaultConfig,
  presets: { kitti: kittiPreset, synthia: synthiaPreset, tiny: tinyPreset },
  createModel: buildDeeplabSidNetwork,
  loss: (batch, outputs, config) => deeplabSidLoss(batch, outputs, config),
  predict: deeplabSidPredict,
});

/**
 * Tables 1 and 2, "Ours (ResNet)". The headers are garbled: the columns are read as δ1–δ3,
 * AbsRel, RMSE and a log error whose kind the paper leaves open (see the README).
 */
function paperTables(): ReportedResult[] {
  const note = 'headers garbled; last column read as RMSE(log) (DORN\'s table, whose baselines it copies) though the text defines the scale-invariant log RMSE';
  return [
    {
      dataset: 'kitti', split: 'Eigen test split (697 images)', groundTruth: 'projected velodyne, depths beyond 80 m ignored',
      configuration: 'ResNet-101, 71 SID classes', source: 'Table 1', note,
      metrics: { d1: 0.796, d2: 0.985, d3: 1.0, abs_rel: 0.075, rmse: 2.499, rmse_log: 0.156 },
    },
    {
      dataset: 'synthia', split: 'SYNTHIA-RAND-CITYSCAPES held-out frames (split unstated)', groundTruth: 'rendered depth, cap 80 m',
      configuration: 'ResNet-101, 71 SID classes', source: 'Table 2', note,
      metrics: { d1: 0.785, d2: 0.937, d3: 0.945, abs_rel: 0.108, rmse: 9.270, rmse_log: 0.206 },
    },
  ];
}

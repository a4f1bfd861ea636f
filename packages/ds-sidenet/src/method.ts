import { defineMethod, type DepthMethod, type ReportedResult } from '@depthkit/core/web';
import { defaultConfig, type DsSidenetConfig } from './config.js';
import { dsSidenetLoss } from './loss.js';
import { buildDsSidenetNetwork } from './model/ds-sidenet-network.js';
import { dsSidenetPredict } from './predict.js';
import { kittiPreset } from './presets/kitti.js';
import { nyuPreset } from './presets/nyu.js';
import { robustCoarsePreset } from './presets/robust.js';
import { tinyNyuPreset, tinyPreset } from './presets/tiny.js';
import { nyuFusionPreset, table8Presets } from './presets/variants.js';

/** DS-SIDENet as the bench and the shared CLI see it (one network; the router lives in robust/). */
export const dsSidenet: DepthMethod<DsSidenetConfig> = defineMethod<DsSidenetConfig>({
  id: 'ds-sidenet',
  paper: {
    title: 'Deep Robust Single Image Depth Estimation Neural Network Using Scene Understanding',
    year: 2019,
    authors: ['Haoyu Ren', 'Mostafa El-khamy', 'Jungwon Lee'],
    reported: paperTables(),
  },
  defaultConfig,
  presets: {
    kitti: kittiPreset, nyu: nyuPreset, robust: robustCoarsePreset, tiny: tinyPreset, 'tiny-nyu': tinyNyuPreset,
    ...table8Presets, 'nyu-fusion': nyuFusionPreset,
  },
  createModel: buildDsSidenetNetwork,
  loss: (batch, outputs, config) => dsSidenetLoss(batch, outputs, config),
  predict: dsSidenetPredict,
});

/** Table 3 (NYU v2, low-range network) and Table 8 (KITTI validation, high-range network with SAM). */
function paperTables(): ReportedResult[] {
  return [
    {
      dataset: 'nyu', split: 'official test set (654 images)', groundTruth: 'labeled depth (protocol as the NYU literature: Eigen crop, 10 m)',
      configuration: 'low-range DS-SIDENet, soft-cl+reg', source: 'Table 3',
      metrics: { abs_rel: 0.113, rmse: 0.501, d1: 0.833, d2: 0.968, d3: 0.993 },
    },
    {
      dataset: 'kitti', split: 'KITTI depth-prediction validation set (not the Eigen split)', groundTruth: 'KITTI depth benchmark (semi-dense)',
      configuration: 'high-range DS-SIDENet, SAM at decoder block 3', source: 'Table 8',
      metrics: { irmse: 7.83, abs_rel: 0.066 },
      note: 'iRMSE in 1/km, as the KITTI benchmark',
    },
  ];
}

import { defineMethod, type DepthMethod, type ReportedResult } from '@depthkit/core/web';
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
    reported: paperTableOne(),
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

/** Table I of the paper: KITTI Eigen split, one row per backbone. */
function paperTableOne(): ReportedResult[] {
  const rows: Array<[string, number, number, number, number, number, number]> = [
    ['ResNet-50', 0.953, 0.992, 0.998, 0.062, 2.870, 0.096],
    ['ResNeXt-50', 0.951, 0.992, 0.998, 0.062, 2.867, 0.094],
    ['DenseNet-121', 0.952, 0.991, 0.998, 0.063, 2.874, 0.096],
    ['DenseNet-161', 0.955, 0.993, 0.998, 0.060, 2.850, 0.092],
  ];
  return rows.map(([configuration, d1, d2, d3, absRel, rmse, rmseLog]) => ({
    dataset: 'kitti',
    split: 'Eigen test split (697 images)',
    // The paper names no cap, crop or GT; it follows BTS, whose protocol these are.
    groundTruth: 'projected velodyne; cap and crop unstated (BTS, which it follows: 80 m, Garg crop)',
    configuration,
    source: 'Table I',
    metrics: { d1, d2, d3, abs_rel: absRel, rmse, rmse_log: rmseLog },
  }));
}

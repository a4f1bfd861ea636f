import type * as tfl from '@tensorflow/tfjs-layers';
import { hmaDepth } from '@depthkit/hma-depth';
import { buildReferenceNet } from './reference-net.js';

/**
 * The perf harness's cases, listed explicitly. Each method package adds its network here with
 * the name of its PyTorch twin in twins.py.
 */
export interface PerfCase {
  name: string;
  /** NHWC input batch shape. */
  inputShape: [number, number, number, number];
  /** NHWC target shape for the L1 train step. */
  targetShape: [number, number, number, number];
  build(): tfl.LayersModel;
  /** Case name understood by torch_bench.py. */
  torchCase: string;
}

export const perfCases: PerfCase[] = [
  {
    name: 'reference',
    inputShape: [2, 128, 416, 3],
    targetShape: [2, 128, 416, 1],
    build: () => buildReferenceNet(128, 416),
    torchCase: 'reference',
  },
  {
    // The paper's KITTI network (ResNet-50, decoder width 512) at BTS's training crop.
    name: 'hma-depth',
    inputShape: [2, 352, 704, 3],
    targetShape: [2, 352, 704, 1],
    build: () => hmaDepth.createModel(hmaDepth.presets.kitti.config).model,
    torchCase: 'hma-depth',
  },
];

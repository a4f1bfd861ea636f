import { defineDatasetSpec } from './spec.js';

/** NYU Depth v2: the official labeled test set (654) and BTS's "sync" training frames. */
export const nyuSpec = defineDatasetSpec({
  name: 'nyu',
  depthScale: 1000,
  minDepth: 1e-3,
  maxDepth: 10,
  crops: {
    eigen: { kind: 'pixels', rows: [45, 471], cols: [41, 601] },
  },
  defaultCrop: 'eigen',
  splits: {
    nyu_test: {
      description: 'official NYU Depth v2 test set, 654 labeled frames',
      listFile: 'nyudepthv2_test_files_with_gt.txt',
      size: 654,
      groundTruth: 'labeled',
    },
  },
  defaultSplits: { train: 'nyu_train', test: 'nyu_test' },
  intrinsics: { source: 'fixed', fixed: { fx: 518.8579, fy: 519.4696, cx: 325.5825, cy: 253.7362 } },
  resolution: { native: [480, 640], train: [416, 544], test: [480, 640] },
});

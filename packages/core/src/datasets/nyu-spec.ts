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
      localListFile: 'nyudepthv2_test_files_with_gt.txt',
      size: 654,
      groundTruth: 'labeled',
    },
    nyu_train: {
      localListFile: 'nyudepthv2_train_files_with_gt.txt',
      description: "BTS 'sync' training frames (nyudepthv2_train_files_with_gt.txt); not bundled, pass --split-file",
      groundTruth: 'sync',
    },
  },
  defaultSplits: { train: 'nyu_train', test: 'nyu_test' },
  intrinsics: { source: 'fixed', fixed: { fx: 518.8579, fy: 519.4696, cx: 325.5825, cy: 253.7362 } },
  resolution: { native: [480, 640], train: [416, 544], test: [480, 640] },
  borders: {
    // What BTS's extract_official_train_test_set_from_mat.py keeps (image[7:474, 7:632]); the rest it zeroes.
    labeled: { rows: [7, 474], cols: [7, 632], colour: 'black', note: 'official labeled set as extracted by BTS' },
    // Measured on the shared sync samples: 6 white rows on top, 5 below, 7 columns left, 8 right.
    sync: { rows: [6, 475], cols: [7, 632], colour: 'white', note: "BTS 'sync' raw-video frames" },
  },
});

/** The official labeled release: nyu_depth_v2_labeled.mat (MATLAB v7.3) and splits.mat (v5). */
export const nyuLabeled = {
  matFile: 'nyu_depth_v2_labeled.mat',
  splitsFile: 'splits.mat',
  frames: 1449,
  trainFrames: 795,
  testFrames: 654,
  /**
   * HDF5 sees MATLAB's column-major H×W×C×N as N×C×W×H: images [N,3,640,480] uint8,
   * depths / rawDepths [N,640,480] float32 metres.
   */
  datasets: { images: 'images', depths: 'depths', rawDepths: 'rawDepths' },
  /** BTS's test PNGs hold rawDepths (holes = 0), millimetres truncated to uint16. */
  exportDepth: 'rawDepths',
  exportDepthScale: 1000,
} as const;

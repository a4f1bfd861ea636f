import { defineDatasetSpec } from './spec.js';

/** KITTI raw + depth benchmark, as the Eigen-split literature evaluates it. */
export const kittiSpec = defineDatasetSpec({
  name: 'kitti',
  depthScale: 256,
  minDepth: 1e-3,
  maxDepth: 80,
  crops: {
    garg: { kind: 'fraction', rows: [0.40810811, 0.99189189], cols: [0.03594771, 0.96405229] },
    eigen: { kind: 'fraction', rows: [0.3324324, 0.91351351], cols: [0.03594771, 0.96405229] },
    kb: { kind: 'kb', height: 352, width: 1216 },
  },
  defaultCrop: 'garg',
  splits: {
    eigen: {
      description: 'Eigen et al. test split, 697 frames, projected velodyne GT (45 have no benchmark GT)',
      listFile: 'eigen_test_files.txt',
      localListFile: 'eigen_test_files.txt',
      size: 697,
      groundTruth: 'velodyne',
    },
    eigen_benchmark: {
      description: 'Eigen test frames with KITTI depth-benchmark GT, 652 frames',
      listFile: 'eigen_benchmark_test_files.txt',
      size: 652,
      groundTruth: 'benchmark',
    },
    eigen_zhou: {
      localListFile: 'eigen_zhou_train_files.txt',
      description: 'Zhou et al. training split (monodepth2 splits/eigen_zhou), 39810 frames; not bundled, pass --split-file',
      size: 39810,
      // Supervised training (BTS, AdaBins) uses the depth-benchmark's annotated maps.
      groundTruth: 'benchmark',
    },
    eigen_full: {
      description: 'Eigen full training split (monodepth2 splits/eigen_full), 22600 frames; not bundled, pass --split-file',
      size: 22600,
      groundTruth: 'benchmark',
    },
  },
  defaultSplits: { train: 'eigen_zhou', test: 'eigen' },
  intrinsics: { source: 'calibration-files' },
  resolution: { native: [375, 1242], train: [352, 704], test: [352, 1216] },
});

import { defineDatasetSpec } from './spec.js';

/**
 * SYNTHIA-RAND-CITYSCAPES (Ros et al., CVPR 2016), the synthetic set segment-depth trains on.
 *
 * Encodings, from public loaders rather than an official document we could read here (so treat
 * them as well-attested, not authoritative): RGB/*.png 8-bit; Depth/Depth/*.png 16-bit PNG with
 * depth in centimetres (loaders divide by 100; 65535 → 655.35 m for the sky), read from the first
 * channel (loaders take cv2 channel 0 or a grey conversion, which agree because the channels
 * hold the same value); GT/LABELS/*.png 16-bit, class id in the first (R) channel, instance id in
 * the second. Images are 1280×760.
 */
export const synthiaClasses = [
  'void', 'sky', 'building', 'road', 'sidewalk', 'fence', 'vegetation', 'pole', 'car', 'traffic sign',
  'pedestrian', 'bicycle', 'motorcycle', 'parking-slot', 'road-work', 'traffic light', 'terrain', 'rider',
  'truck', 'bus', 'train', 'wall', 'lanemarking',
] as const;

export const synthiaSpec = defineDatasetSpec({
  name: 'synthia',
  depthScale: 100,
  minDepth: 1e-3,
  // Capped as the KITTI protocol segment-depth is evaluated on; the far sky would dominate otherwise.
  maxDepth: 80,
  crops: {
    full: { kind: 'fraction', rows: [0, 1], cols: [0, 1] },
  },
  defaultCrop: 'full',
  splits: {
    all: {
      description: 'every frame of SYNTHIA-RAND-CITYSCAPES (no official split); list the folder or pass --split-file',
      groundTruth: 'rendered',
    },
  },
  defaultSplits: { train: 'all', test: 'all' },
  // SYNTHIA's published camera (CameraParams.txt of the SYNTHIA-SEQS release): f = 532.740352 px,
  // principal point at the image centre. RAND-CITYSCAPES ships no calibration; we assume the same
  // renderer camera. Unverified against an official RAND-CITYSCAPES document.
  intrinsics: { source: 'fixed', fixed: { fx: 532.740352, fy: 532.740352, cx: 640, cy: 380 } },
  resolution: { native: [760, 1280], train: [288, 480], test: [288, 480] },
  labels: {
    classes: synthiaClasses,
    // Segment-depth's four groups (Atapour-Abarghouei & Breckon, ICIP 2019, §3): the paper names
    // examples only, so the assignment of the remaining classes is ours: thin/small objects and
    // vehicles → foreground; ground and structure planes → flat; terrain with vegetation (as
    // Cityscapes' "nature"); void and sky → background.
    groups: {
      foreground: [7, 8, 9, 10, 11, 12, 14, 15, 17, 18, 19, 20],
      flat: [2, 3, 4, 5, 13, 21, 22],
      vegetation: [6, 16],
      background: [0, 1],
    },
  },
});

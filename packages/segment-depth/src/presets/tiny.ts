import { definePreset, kittiSpec, synthiaSpec } from '@depthkit/core/web';
import { defaultConfig, type SegmentDepthConfig } from '../config.js';
import { synthiaFocalAt } from './camera.js';

// SYNTHIA's aspect ratio (760/1280 ≈ 0.59) at a CI size, a multiple of the U-Nets' stride (16).
const crop: [number, number] = [48, 80];

/**
 * The synthia protocol at CI size: the same explicit model, losses and alternation, with 4-level
 * U-Nets of widths 8–32 on 48×80 synthetic SYNTHIA frames, a few hundred steps on 2 cores.
 */
export const tinyPreset = definePreset<SegmentDepthConfig>({
  name: 'tiny',
  dataset: synthiaSpec,
  testDataset: kittiSpec,
  config: {
    ...defaultConfig,
    maxDepth: synthiaSpec.maxDepth,
    unetWidths: [8, 16, 32, 32],
    discriminatorWidths: [8, 16, 32],
    trainFocal: synthiaFocalAt(crop),
  },
  training: {
    batchSize: 4,
    crop,
    steps: 120,
    optimizer: { type: 'adam', lr: 1e-3, beta1: 0.5, beta2: 0.999 },
    augmentation: { rotateDegrees: 0, resizeToSize: true },
    synthetic: { train: 96, test: 24, size: [crop[1], crop[0]] },
    source: 'depthkit: CI-sized (U-Net widths 8–32, 120 steps at lr 1e-3; the paper\'s λs, β1 0.5 and alternation); augmentation = core\'s SYNTHIA recipe (whole frame resized, flip p 0.5, colour jitter p 0.5; the paper states none); matchTestFocal true is depthkit\'s addition',
  },
  description: 'CI: the explicit model at 48×80 on synthetic SYNTHIA, tested on KITTI with focal correction',
});

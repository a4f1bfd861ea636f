import { definePreset, kittiSpec, synthiaSpec } from '@depthkit/core/web';
import { defaultConfig, type SegmentDepthConfig } from '../config.js';
import { synthiaFocalAt } from './camera.js';

const crop = synthiaSpec.resolution.train;

/**
 * The paper's protocol (§3.3, §4): the full explicit model trained on SYNTHIA (RGB, depth and class
 * labels), Adam (β1 0.5, β2 0.999, lr 1e-4) and the λs of §3.3, tested on KITTI's Eigen split
 * with depth × f_test / f_train. The paper gives no batch size, epochs, input size or
 * augmentation: batch 4, 20 epochs, the spec's 288×480 training size and core's SYNTHIA recipe
 * are depthkit's. So is `matchTestFocal` (defaultConfig: true): resampling each test image
 * towards f_train before §4's correction, which the paper does not do (set false for §4 alone).
 * f_train is re-derived at train time from the size actually trained (`train --crop`).
 */
export const synthiaPreset = definePreset<SegmentDepthConfig>({
  name: 'synthia',
  dataset: synthiaSpec,
  testDataset: kittiSpec,
  // matchTestFocal: true is depthkit's addition (test-time resample), spelt out here on purpose.
  config: { ...defaultConfig, maxDepth: synthiaSpec.maxDepth, trainFocal: synthiaFocalAt(crop), matchTestFocal: true },
  training: {
    batchSize: 4,
    crop: [crop[0], crop[1]],
    epochs: 20,
    optimizer: { type: 'adam', lr: 1e-4, beta1: 0.5, beta2: 0.999 },
    source: 'paper §3.3 (Adam 1e-4, β 0.5/0.999; λ_BCE 100/1/10/1, λ_rec 100/10/10/10; SYNTHIA → KITTI with §4 focal correction of depth); depthkit: batch 4, 20 epochs, 288×480, U-Net widths 64–512; augmentation = core\'s SYNTHIA recipe (whole frame resized to the crop, horizontal flip p 0.5, BTS colour jitter p 0.5), the paper states none; matchTestFocal (resample test images towards f_train before the correction) is depthkit\'s addition',
  },
  description: 'SYNTHIA-RAND-CITYSCAPES training, KITTI Eigen test with focal correction, as the paper',
});

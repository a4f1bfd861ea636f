import { definePreset, kittiSpec, synthiaSpec } from '@depthkit/core/web';
import { defaultConfig, type SegmentDepthConfig } from '../config.js';
import { synthiaFocalAt } from './camera.js';

const crop = synthiaSpec.resolution.train;

/**
 * The paper's protocol (§3.3, §4): the full explicit model trained on SYNTHIA (RGB, depth and class
 * labels), Adam (β1 0.5, β2 0.999, lr 1e-4) and the λs of §3.3, tested on KITTI's Eigen split
 * with depth × f_test / f_train. The paper gives no batch size, epochs or input size: batch 4,
 * 20 epochs and the spec's 288×480 training size are depthkit's.
 */
export const synthiaPreset = definePreset<SegmentDepthConfig>({
  name: 'synthia',
  dataset: synthiaSpec,
  testDataset: kittiSpec,
  config: { ...defaultConfig, maxDepth: synthiaSpec.maxDepth, trainFocal: synthiaFocalAt(crop) },
  training: {
    batchSize: 4,
    crop: [crop[0], crop[1]],
    epochs: 20,
    optimizer: { type: 'adam', lr: 1e-4, beta1: 0.5, beta2: 0.999 },
    source: 'paper §3.3 (Adam 1e-4, β 0.5/0.999; λ_BCE 100/1/10/1, λ_rec 100/10/10/10; SYNTHIA → KITTI with focal correction); depthkit: batch 4, 20 epochs, 288×480, U-Net widths 64–512',
  },
  description: 'SYNTHIA-RAND-CITYSCAPES training, KITTI Eigen test with focal correction, as the paper',
});

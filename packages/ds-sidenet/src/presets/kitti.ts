import { definePreset, kittiSpec } from '@depthkit/core/web';
import { defaultConfig, type DsSidenetConfig } from '../config.js';

const kittiPadded: [number, number] = [384, 1248];

/**
 * The paper's high-range network (Table 1's right column, SAM as decoder block 3) for KITTI.
 * §5.1 zero-pads KITTI frames to 1248×384 and trains on the whole padded frame; here the padded
 * frame is what the network sees (`padTo`), rows added on top where there is no LiDAR anyway.
 * α = 1 m, β = the spec's 80 m cap, K = 80 (0.024 in log10 per bin, ≈ 5.6 % of depth) are
 * depthkit's choices; so are the optimiser, batch and schedule (the paper gives none).
 * `padTo` in the config makes predict (eval, predict) pad test frames exactly as training did.
 */

export const kittiPreset = definePreset<DsSidenetConfig>({
  name: 'kitti',
  dataset: kittiSpec,
  config: { ...defaultConfig, range: 'high', alpha: 1, beta: kittiSpec.maxDepth, bins: 80, padTo: kittiPadded },
  training: {
    batchSize: 4,
    crop: kittiPadded,
    epochs: 50,
    optimizer: { type: 'adam', lr: 1e-4 },
    schedule: { type: 'poly', power: 0.9, endLr: 1e-5 },
    augmentation: { preCrop: undefined, rotateDegrees: 0, padTo: kittiPadded },
    source: 'paper §4–5.1 (architecture, losses, 1248×384 zero padding); depthkit for α, β, K, optimiser, schedule and batch, and the augmentation (the paper states none): core\'s KITTI recipe without the KB crop and rotation — flip p 0.5, gamma/brightness/colour jitter p 0.5',
  },
  description: 'KITTI, high-range DS-SIDENet with SAM (soft-cl + reg), frames zero-padded to 1248×384',
});

import { definePreset, kittiSpec, nyuSpec } from '@depthkit/core/web';
import { defaultConfig, type DsSidenetConfig } from '../config.js';

/**
 * §3's coarse depth network ("cde"): the low-range architecture trained on indoor and outdoor
 * frames mixed. The paper mixes ScanNet with KITTI; core has no ScanNet reader, so depthkit mixes
 * NYU (its indoor dataset) with KITTI: NYU frames resized to 320×240, KITTI frames zero-padded to
 * 1248×384 and down-sampled to 832×256, then random crops of both. The paper crops 320×240; the
 * low-range network's stride is 32, so depthkit crops 320×224 (the largest multiple of 32 inside).
 * [α, β] spans both datasets' ranges. Train it with `ds-sidenet train-robust --nyu … --kitti …`
 * (the shared `train` reads one dataset folder, so it refuses this preset).
 */
export const robustCoarsePreset = definePreset<DsSidenetConfig>({
  name: 'robust',
  // Eval of the coarse network alone defaults to the indoor side; train-robust reads both.
  dataset: nyuSpec,
  config: { ...defaultConfig, range: 'low', alpha: 0.5, beta: kittiSpec.maxDepth, bins: 80 },
  training: {
    batchSize: 8,
    crop: [224, 320],
    epochs: 30,
    optimizer: { type: 'adam', lr: 1e-4 },
    schedule: { type: 'poly', power: 0.9, endLr: 1e-5 },
    source: 'paper §3 and §5.1 (mixed data, 320×240 ScanNet frames, KITTI 1248×384 → 832×256 + random crops); depthkit for NYU in place of ScanNet, the 320×224 crop, α, β, K and the optimiser',
  },
  description: 'robust SIDE: the coarse low-range DS-SIDENet on NYU + KITTI mixed (routes images to nyu / kitti networks)',
});

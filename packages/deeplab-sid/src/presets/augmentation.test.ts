import { augmentationPresets, mulberry32, presetAugmentations, type AugmentationPreset, type MethodPreset, type TrainSample } from '@depthkit/core';
import { describe, expect, it } from 'vitest';
import type { DeeplabSidConfig } from '../config.js';
import { deeplabSid } from '../method.js';

/** The chain trainMethod builds for a preset: the dataset's recipe, the preset's changes, its crop. */
function chainOf(preset: MethodPreset<DeeplabSidConfig>) {
  const base = (augmentationPresets as Record<string, AugmentationPreset>)[preset.dataset.name];
  return presetAugmentations({ ...base, ...preset.training.augmentation, size: preset.training.crop });
}

describe('DeepLab-SID augmentation (Eigen et al. 2014)', () => {
  it('kitti and synthia scale by s ∈ [1, 1.5] before rotation and the 420×800 crop; tiny keeps the CI recipe', () => {
    expect(chainOf(deeplabSid.presets.kitti).map((a) => a.name)).toEqual(['scale', 'rotate', 'padToSize', 'randomCrop', 'flip', 'colourJitter']);
    expect(chainOf(deeplabSid.presets.synthia).map((a) => a.name)).toEqual(['scale', 'rotate', 'randomCrop', 'flip', 'colourJitter']);
    expect(chainOf(deeplabSid.presets.tiny).map((a) => a.name)).toEqual(['resize', 'flip', 'colourJitter']);
  });

  it('a KITTI frame at a constant 30 m comes out 420×800 with every measured depth at 30 / s', () => {
    const [height, width] = [375, 1242];
    const frame: TrainSample = {
      id: 'flat',
      rgb: { width, height, data: new Uint8Array(width * height * 3).fill(128) },
      depth: { width, height, data: new Float32Array(width * height).fill(30) },
    };
    const chain = chainOf(deeplabSid.presets.kitti);
    for (const seed of [1, 2, 3]) {
      const random = mulberry32(seed);
      let sample = frame;
      let s = NaN;
      for (const step of chain) {
        const { sample: next, params } = step.apply(sample, random);
        if (step.name === 'scale') s = params!.scale as number;
        sample = next;
      }
      expect([sample.rgb.height, sample.rgb.width]).toEqual([420, 800]);
      expect(s).toBeGreaterThanOrEqual(1);
      expect(s).toBeLessThan(1.5);
      const measured = new Set(sample.depth!.data.filter((d) => d > 0));
      expect([...measured]).toEqual([Math.fround(30 / s)]);
    }
  });
});

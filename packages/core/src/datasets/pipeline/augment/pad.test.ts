import { describe, expect, it } from 'vitest';
import { augmentationPresets, presetAugmentations } from '../augmentation-presets.js';
import { zeroPadSample } from './pad.js';

describe('zero padding (DS-SIDENet §5.1)', () => {
  const sample = {
    id: 'a',
    rgb: { width: 3, height: 2, data: Uint8Array.from([1, 1, 1, 2, 2, 2, 3, 3, 3, 4, 4, 4, 5, 5, 5, 6, 6, 6]) },
    depth: { width: 3, height: 2, data: Float32Array.from([10, 20, 30, 40, 50, 60]) },
    intrinsics: { fx: 1, fy: 1, cx: 1, cy: 1 },
  };

  it('puts the frame at the bottom, centred, with black pixels and depth 0 around it', () => {
    const out = zeroPadSample(sample, 4, 6);
    expect([out.rgb.width, out.rgb.height]).toEqual([6, 4]);
    // left = floor((6 − 3) / 2) = 1, top = 4 − 2 = 2.
    expect(Array.from(out.depth!.data)).toEqual([0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 10, 20, 30, 0, 0, 0, 40, 50, 60, 0, 0]);
    expect(Array.from(out.rgb.data.subarray(2 * 18, 2 * 18 + 12))).toEqual([0, 0, 0, 1, 1, 1, 2, 2, 2, 3, 3, 3]);
    expect(out.intrinsics).toEqual({ fx: 1, fy: 1, cx: 2, cy: 3 });
  });

  it('refuses a frame larger than the target, naming the sample and both sizes', () => {
    expect(() => zeroPadSample(sample, 1, 6)).toThrow("sample 'a': image 2×3 is larger than the 1×6 it should be zero-padded to");
  });

  it('runs first in a preset chain when padTo / preResize are set, and not otherwise', () => {
    const base = { ...augmentationPresets.kitti, preCrop: undefined, rotateDegrees: 0 };
    expect(presetAugmentations({ ...base, padTo: [384, 1248], preResize: [256, 832] }).map((a) => a.name))
      .toEqual(['zeroPad', 'resize', 'randomCrop', 'flip', 'colourJitter']);
    expect(presetAugmentations(base).map((a) => a.name)).toEqual(['randomCrop', 'flip', 'colourJitter']);
  });
});

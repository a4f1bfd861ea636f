import { describe, expect, it } from 'vitest';
import { augmentationPresets, presetAugmentations } from '../augmentation-presets.js';
import { mulberry32 } from '../prng.js';
import { coordinateSample, depthOrigin, rgbOrigin } from '../testing/coordinate-sample.js';
import { meanPadColour, padToAtLeast, paddingToAtLeast, zeroPadSample } from './pad.js';

describe('padToAtLeast', () => {
  it('adds the missing rows on top and splits the missing columns, mean colour and depth 0', () => {
    const source = coordinateSample(6, 9);
    const { sample, params } = padToAtLeast(10, 12).apply(source, mulberry32(0));
    expect(params).toEqual({ top: 4, left: 1, right: 2 });
    expect([sample.rgb.height, sample.rgb.width, sample.depth!.height, sample.labels!.width]).toEqual([10, 12, 10, 12]);
    // Pixel (y, x) of the padded frame shows source (y − 4, x − 1) inside, padding outside.
    for (let y = 0; y < 10; y++) {
      for (let x = 0; x < 12; x++) {
        const i = y * 12 + x;
        const inside = y >= 4 && x >= 1 && x < 10;
        if (inside) {
          expect(depthOrigin(sample, i, 9)).toEqual([y - 4, x - 1]);
          expect(rgbOrigin(sample, i)).toEqual([y - 4, x - 1]);
          expect(sample.labels!.data[i]).toBe(source.labels!.data[(y - 4) * 9 + x - 1]);
        } else {
          expect(sample.depth!.data[i]).toBe(0);
          expect(sample.labels!.data[i]).toBe(0);
          expect(Array.from(sample.rgb.data.subarray(i * 3, i * 3 + 3))).toEqual([124, 116, 104]);
        }
      }
    }
    expect(sample.intrinsics).toEqual({ fx: 100, fy: 100, cx: 4.5 + 1, cy: 3 + 4 });
  });

  it('leaves frames that are already large enough untouched', () => {
    const source = coordinateSample(6, 9);
    expect(padToAtLeast(6, 9).apply(source, mulberry32(0)).sample).toBe(source);
    expect(paddingToAtLeast(375, 1242, [420, 800])).toEqual({ top: 45, bottom: 0, left: 0, right: 0 });
    expect(meanPadColour).toEqual([124, 116, 104]);
  });

  it('runs before the random crop when a preset asks for padToSize, so 420×800 crops of 375-row KITTI frames fit', () => {
    const chain = presetAugmentations({ ...augmentationPresets.kitti, preCrop: undefined, rotateDegrees: 0, size: [420, 800], padToSize: true });
    expect(chain.map((a) => a.name)).toEqual(['padToSize', 'randomCrop', 'flip', 'colourJitter']);
    let sample = coordinateSample(375, 1242);
    for (const a of chain.slice(0, 2)) sample = a.apply(sample, mulberry32(3)).sample;
    expect([sample.rgb.height, sample.rgb.width]).toEqual([420, 800]);
    expect(() => presetAugmentations({ ...augmentationPresets.kitti, preCrop: undefined, rotateDegrees: 0, size: [420, 800] })[0].apply(coordinateSample(375, 1242), mulberry32(0))).toThrow(/smaller than the 420×800 random crop/);
  });
});

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

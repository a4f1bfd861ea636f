import { describe, expect, it } from 'vitest';
import { augmentationPresets, presetAugmentations } from '../augmentation-presets.js';
import { mulberry32 } from '../prng.js';
import { coordinateSample } from '../testing/coordinate-sample.js';
import type { TrainSample } from '../train-sample.js';
import { randomScale, scaleSample } from './scale.js';

/** A 2×2 frame: red 0/100/200/50, depth with a hole (0) and a reading beyond an 80 m cap. */
function twoByTwo(): TrainSample {
  const rgb = new Uint8Array(12);
  [0, 100, 200, 50].forEach((r, i) => rgb.set([r, 10, 20], i * 3));
  return {
    id: 'hand',
    rgb: { width: 2, height: 2, data: rgb },
    depth: { width: 2, height: 2, data: new Float32Array([3, 0, 6, 100]) },
    labels: { width: 2, height: 2, data: new Uint16Array([1, 2, 3, 4]) },
    intrinsics: { fx: 50, fy: 40, cx: 1, cy: 0.5 },
  };
}

describe('scale (Eigen et al. 2014)', () => {
  it('matches a hand-computed 2×2 → 3×3 at s = 1.5: bilinear image, nearest depth ÷ s, holes stay holes', () => {
    const out = scaleSample(twoByTwo(), 1.5, { min: 1e-3, max: 80 });
    // Output o reads input floor((o + 0.5)·2/3): rows and columns 0, 1, 1.
    expect([out.rgb.width, out.rgb.height, out.depth!.width, out.depth!.height]).toEqual([3, 3, 3, 3]);
    expect(Array.from(out.labels!.data)).toEqual([1, 2, 2, 3, 4, 4, 3, 4, 4]);
    // 3 → 2, 6 → 4; the hole stays 0; 100 m is beyond the cap, so 0 rather than 66.7 m.
    expect(Array.from(out.depth!.data)).toEqual([2, 0, 0, 4, 0, 0, 4, 0, 0].map(Math.fround));
    // Bilinear taps at (o + 0.5)·2/3 − 0.5 = 0 (clamped), 0.5, 1.17 (clamped to the last pixel):
    // row 0: 0, 50, 100; row 2: 200, 125, 50; row 1 halfway: 100, 87.5 → 88, 75.
    const red = Array.from({ length: 9 }, (_, i) => out.rgb.data[i * 3]);
    expect(red).toEqual([0, 50, 100, 100, 88, 75, 200, 125, 50]);
    expect(Array.from({ length: 9 }, (_, i) => out.rgb.data[i * 3 + 1])).toEqual(new Array(9).fill(10));
    // Seen from 1.5× closer: same focal length, principal point on the new grid.
    expect(out.intrinsics).toEqual({ fx: 50, fy: 40, cx: 1.75, cy: 1 });
  });

  it('rounds the new size and keeps the focal consistent with it; s = 1 is the identity; bad scales are refused', () => {
    const out = scaleSample(coordinateSample(4, 5), 1.3);
    // 4·1.3 = 5.2 → 5 rows, 5·1.3 = 6.5 → 7 columns.
    expect([out.rgb.height, out.rgb.width]).toEqual([5, 7]);
    expect(out.intrinsics!.fx).toBeCloseTo((100 * 7) / 5 / 1.3, 12);
    expect(out.intrinsics!.fy).toBeCloseTo((100 * 5) / 4 / 1.3, 12);
    const same = coordinateSample(4, 5);
    expect(scaleSample(same, 1)).toBe(same);
    expect(() => scaleSample(same, 0)).toThrow("sample 'coords': expected a scale factor > 0, found 0");
    expect(() => randomScale([1.5, 1])).toThrow('randomScale: expected a range [lo, hi] with 0 < lo ≤ hi, found [1.5, 1]');
  });

  it('never mixes valid and invalid depth: every output depth is its source pixel\'s ÷ s, every hole a hole', () => {
    const source = coordinateSample(30, 40);
    const depth = source.depth!.data;
    // Holes: a band of rows, a column and a scatter, as LiDAR GT has.
    for (let i = 0; i < depth.length; i++) if (Math.floor(i / 40) % 7 === 3 || i % 40 === 11 || (i * 7919) % 13 === 0) depth[i] = 0;
    const holes = depth.filter((d) => d === 0).length;
    expect(holes).toBeGreaterThan(100);
    const augment = randomScale([1, 1.5]);
    const drawn: number[] = [];
    for (let seed = 0; seed < 12; seed++) {
      const { sample, params } = augment.apply(source, mulberry32(seed));
      const s = params!.scale as number;
      drawn.push(s);
      expect([sample.rgb.height, sample.rgb.width]).toEqual([Math.round(30 * s), Math.round(40 * s)]);
      sample.depth!.data.forEach((d, i) => {
        // The labels (nearest, never divided) name the source pixel: label = index + 1.
        const origin = sample.labels!.data[i] - 1;
        expect(d).toBe(Math.fround(depth[origin] / s));
      });
    }
    expect(Math.min(...drawn)).toBeGreaterThanOrEqual(1);
    expect(Math.max(...drawn)).toBeLessThan(1.5);
    expect(Math.max(...drawn) - Math.min(...drawn)).toBeGreaterThan(0.25);
  });

  it('presets put it after the pre-crop and before rotation and the random crop; never with resizeToSize', () => {
    const kitti = { ...augmentationPresets.kitti, scale: [1, 1.5] as const };
    expect(presetAugmentations(kitti).map((a) => a.name)).toEqual(['kbCrop', 'scale', 'rotate', 'randomCrop', 'flip', 'colourJitter']);
    expect(presetAugmentations(augmentationPresets.kitti).map((a) => a.name)).not.toContain('scale');
    expect(() => presetAugmentations({ ...augmentationPresets.synthia, scale: [1, 1.5] })).toThrow(
      "augmentation for 'synthia': expected a random crop after the scale step (resizing to the train size would undo the zoom but keep depth ÷ s), found resizeToSize",
    );
  });
});

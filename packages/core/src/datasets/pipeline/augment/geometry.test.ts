import { describe, expect, it } from 'vitest';
import { mulberry32 } from '../prng.js';
import { coordinateSample, depthOrigin, rgbOrigin } from '../testing/coordinate-sample.js';
import type { TrainSample } from '../train-sample.js';
import { cropSample, fixedCrop, kbCrop, randomCrop } from './crop.js';
import { flipSample, randomFlip } from './flip.js';
import { resizeSample } from './resize.js';
import { rotateNearest, rotateSample } from './rotate.js';

/** Every pixel's RGB and depth name the same source pixel. */
function expectAligned(sample: TrainSample, sourceWidth: number): void {
  const n = sample.rgb.width * sample.rgb.height;
  for (let i = 0; i < n; i++) {
    const fromDepth = depthOrigin(sample, i, sourceWidth);
    if (!fromDepth) continue;
    const fromRgb = rgbOrigin(sample, i);
    if (fromRgb[0] !== fromDepth[0] || fromRgb[1] !== fromDepth[1]) {
      throw new Error(`pixel ${i}: RGB from ${fromRgb}, depth from ${fromDepth}`);
    }
    expect(sample.labels!.data[i]).toBe(sample.depth!.data[i] & 0xffff);
  }
}

describe('crop', () => {
  const source = coordinateSample(40, 300);

  it('keeps RGB, depth and labels aligned and moves the principal point', () => {
    const out = cropSample(source, { top: 5, left: 260, height: 30, width: 33 });
    expect([out.rgb.height, out.rgb.width, out.depth!.height, out.depth!.width]).toEqual([30, 33, 30, 33]);
    expectAligned(out, 300);
    expect(depthOrigin(out, 0, 300)).toEqual([5, 260]);
    expect(out.intrinsics).toEqual({ fx: 100, fy: 100, cx: 150 - 260, cy: 20 - 5 });
  });

  it('random crops stay inside the image and aligned', () => {
    const crop = randomCrop(16, 64);
    for (let seed = 0; seed < 20; seed++) {
      const { sample, params } = crop.apply(source, mulberry32(seed));
      expectAligned(sample, 300);
      expect(depthOrigin(sample, 0, 300)).toEqual([params!.top, params!.left]);
      expect((params!.top as number) + 16).toBeLessThanOrEqual(40);
    }
    expect(() => randomCrop(41, 10).apply(source, mulberry32(0))).toThrow(/smaller than the 41×10 random crop/);
  });

  it('KB crop takes the bottom rows, centred; fixed crop takes half-open ranges', () => {
    const kb = kbCrop({ height: 10, width: 200 }).apply(source, mulberry32(0)).sample;
    expect(depthOrigin(kb, 0, 300)).toEqual([30, 50]);
    const box = fixedCrop([2, 7], [3, 9]).apply(source, mulberry32(0)).sample;
    expect([box.rgb.height, box.rgb.width]).toEqual([5, 6]);
    expect(depthOrigin(box, 0, 300)).toEqual([2, 3]);
  });
});

describe('flip', () => {
  const source = coordinateSample(6, 9);

  it('twice is the identity', () => {
    const back = flipSample(flipSample(source));
    expect(back.rgb.data).toEqual(source.rgb.data);
    expect(back.depth!.data).toEqual(source.depth!.data);
    expect(back.labels!.data).toEqual(source.labels!.data);
    expect(back.intrinsics).toEqual(source.intrinsics);
  });

  it('mirrors depth with the image, keeps the focal and mirrors cx', () => {
    const out = flipSample(source);
    expectAligned(out, 9);
    expect(depthOrigin(out, 0, 9)).toEqual([0, 8]);
    expect(out.intrinsics).toMatchObject({ fx: 100, cx: 9 - 1 - 4.5 });
  });

  it('flips with the given probability', () => {
    const flips = Array.from({ length: 200 }, (_, s) => randomFlip(0.5).apply(source, mulberry32(s)).params!.flipped);
    const count = flips.filter(Boolean).length;
    expect(count).toBeGreaterThan(60);
    expect(count).toBeLessThan(140);
    expect(randomFlip(0).apply(source, mulberry32(1)).sample).toBe(source);
  });
});

describe('rotation', () => {
  it('by 0 is the identity', () => {
    const source = coordinateSample(12, 20);
    expect(rotateSample(source, 0)).toBe(source);
    const nearest = rotateNearest(source.depth!, 0);
    expect(nearest.data).toEqual(source.depth!.data);
  });

  it('nearest-neighbour depth never invents values', () => {
    const source = coordinateSample(50, 80);
    const known = new Set(source.depth!.data);
    for (const degrees of [-2.5, -1, 0.3, 1, 2.5, 17]) {
      const out = rotateSample(source, degrees);
      let uncovered = 0;
      for (const v of out.depth!.data) {
        if (v === 0) uncovered++;
        else expect(known.has(v)).toBe(true);
      }
      expect(uncovered).toBeLessThan(out.depth!.data.length / 4);
      for (const v of out.labels!.data) expect(v === 0 || known.has(v)).toBe(true);
    }
  });

  it('turns a square a quarter counter-clockwise, RGB and depth alike', () => {
    const n = 16;
    const source = coordinateSample(n, n);
    const out = rotateSample(source, 90);
    for (let y = 0; y < n; y++) {
      for (let x = 0; x < n; x++) {
        // The left column (x = 0) comes from the top row read right to left.
        expect(depthOrigin(out, y * n + x, n)).toEqual([x, n - 1 - y]);
        expect(rgbOrigin(out, y * n + x)).toEqual([x, n - 1 - y]);
      }
    }
  });
});

describe('resize', () => {
  it('resamples depth by nearest neighbour only and scales intrinsics', () => {
    const source = coordinateSample(30, 40);
    const known = new Set(source.depth!.data);
    const out = resizeSample(source, 17, 23);
    expect([out.rgb.height, out.rgb.width, out.depth!.height, out.depth!.width]).toEqual([17, 23, 17, 23]);
    for (const v of out.depth!.data) expect(known.has(v)).toBe(true);
    expect(out.intrinsics!.fx).toBeCloseTo(100 * (23 / 40), 10);
    expect(out.intrinsics!.cy).toBeCloseTo((15 + 0.5) * (17 / 30) - 0.5, 10);
    expect(resizeSample(source, 30, 40)).toBe(source);
  });

  it('halving keeps RGB and depth on the same source pixels', () => {
    const out = resizeSample(coordinateSample(20, 20), 10, 10);
    // Half-pixel centres: output x reads input 2x + 0.5, blending columns 2x and 2x + 1 for RGB.
    expect(depthOrigin(out, 0, 20)).toEqual([1, 1]);
    expect(Array.from(out.rgb.data.subarray(0, 2))).toEqual([1, 1]);
  });
});

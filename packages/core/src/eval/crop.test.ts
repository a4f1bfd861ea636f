import { describe, expect, it } from 'vitest';
import { kittiSpec } from '../datasets/kitti-spec.js';
import { nyuSpec } from '../datasets/nyu-spec.js';
import { cropRegion, regionMask } from './crop.js';

describe('cropRegion', () => {
  it('KITTI Garg on 375×1242: rows 153:371, cols 44:1197 (int() of the fractions)', () => {
    expect(cropRegion(kittiSpec.crops.garg, 375, 1242)).toEqual({ top: 153, bottom: 371, left: 44, right: 1197 });
  });

  it('KITTI Eigen on 375×1242: rows 124:342, cols 44:1197', () => {
    expect(cropRegion(kittiSpec.crops.eigen, 375, 1242)).toEqual({ top: 124, bottom: 342, left: 44, right: 1197 });
  });

  it('truncates like Python int() on other sizes (370×1224, the 09_28 drives)', () => {
    // 0.40810811·370 = 151.0000007, 0.99189189·370 = 366.99999930, 0.03594771·1224 = 43.99999704,
    // 0.96405229·1224 = 1180.00000296.
    expect(cropRegion(kittiSpec.crops.garg, 370, 1224)).toEqual({ top: 151, bottom: 366, left: 43, right: 1180 });
  });

  it('NYU Eigen: rows 45:471, cols 41:601 as given', () => {
    expect(cropRegion(nyuSpec.crops.eigen, 480, 640)).toEqual({ top: 45, bottom: 471, left: 41, right: 601 });
  });

  it('the KB crop is not a mask', () => {
    expect(() => cropRegion(kittiSpec.crops.kb, 375, 1242)).toThrow(/KB crop \(352×1216\) is where a prediction is pasted/);
  });
});

describe('regionMask', () => {
  it('marks exactly the half-open rectangle', () => {
    // 4×5, rows 1:3, cols 2:4.
    const mask = regionMask({ top: 1, bottom: 3, left: 2, right: 4 }, 4, 5);
    expect(Array.from(mask)).toEqual([
      0, 0, 0, 0, 0,
      0, 0, 1, 1, 0,
      0, 0, 1, 1, 0,
      0, 0, 0, 0, 0,
    ]);
  });

  it('a fraction crop on a small image, by hand: 10×20 Garg = rows 4:9, cols 0:19', () => {
    const r = cropRegion(kittiSpec.crops.garg, 10, 20);
    expect(r).toEqual({ top: 4, bottom: 9, left: 0, right: 19 });
    expect(regionMask(r, 10, 20).reduce((s, v) => s + v, 0)).toBe(5 * 19);
  });

  it('Eigen on the same 10×20 image, by hand: rows int(3.32):int(9.14) = 3:9, cols 0:19', () => {
    expect(cropRegion(kittiSpec.crops.eigen, 10, 20)).toEqual({ top: 3, bottom: 9, left: 0, right: 19 });
  });
});

import { describe, expect, it } from 'vitest';
import { readKittiCalibration } from '../datasets/kitti/calibration.js';
import { kittiSpec } from '../datasets/kitti-spec.js';
import { sharedData } from '../datasets/testing/shared-data.js';
import { formatKittiNumber, kittiReferenceIntrinsics } from './kitti-calibration-text.js';

describe('synthetic KITTI calibration text', () => {
  it("prints numbers as KITTI's files do (C %e)", () => {
    expect(formatKittiNumber(721.5377)).toBe('7.215377e+02');
    expect(formatKittiNumber(0)).toBe('0.000000e+00');
    expect(formatKittiNumber(-0.27)).toBe('-2.700000e-01');
    expect(formatKittiNumber(1242)).toBe('1.242000e+03');
  });

  it('uses the 2011_09_26 P_rect_02 camera at the native size', async () => {
    const real = await readKittiCalibration(sharedData('kitti/2011_09_26'));
    expect(kittiReferenceIntrinsics).toEqual(real.intrinsics);
    expect([real.height, real.width]).toEqual(kittiSpec.resolution.native);
  });
});

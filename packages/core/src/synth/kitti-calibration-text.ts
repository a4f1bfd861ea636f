import type { Intrinsics } from '../datasets/spec.js';

/**
 * KITTI's 2011_09_26 rectified left colour camera (P_rect_02 of calib_cam_to_cam.txt) at the
 * spec's native 1242×375: the camera the synthetic KITTI frames are shot with, scaled to the
 * chosen size. kittiSpec reads intrinsics from calibration files, so it holds no fixed ones.
 */
export const kittiReferenceIntrinsics: Intrinsics = { fx: 721.5377, fy: 721.5377, cx: 609.5593, cy: 172.854 };

/**
 * The synthetic rig: the velodyne sits 8 cm above and 27 cm behind the camera (close to KITTI's
 * mounting) with axes x forward, y left, z up, so X_cam = R · X_velo + T with this exact R.
 */
export const syntheticVeloToCam = {
  R: [0, -1, 0, 0, 0, -1, 1, 0, 0],
  T: [0, -0.08, -0.27],
} as const;

/** A number as KITTI's files print it: C's %e (six decimals, two-digit exponent). */
export function formatKittiNumber(value: number): string {
  const [mantissa, exponent] = (value === 0 ? 0 : value).toExponential(6).split('e');
  const sign = exponent.startsWith('-') ? '-' : '+';
  return `${mantissa}e${sign}${exponent.replace(/^[+-]/, '').padStart(2, '0')}`;
}

function line(key: string, values: readonly number[]): string {
  return `${key}: ${values.map(formatKittiNumber).join(' ')}`;
}

const identity = [1, 0, 0, 0, 1, 0, 0, 0, 1];
/** A fixed calib_time: the files must not depend on when they were written. */
const calibTime = 'calib_time: 01-Jan-2000 00:00:00';

/**
 * calib_cam_to_cam.txt for a rig whose rectified cameras 0 and 2 coincide (no rectifying rotation,
 * no offset in P_rect_02), so camera z is depth and the velodyne maps straight into image 2.
 */
export function camToCamText(width: number, height: number, k: Intrinsics): string {
  const projection = [k.fx, 0, k.cx, 0, 0, k.fy, k.cy, 0, 0, 0, 1, 0];
  return [
    calibTime,
    line('S_rect_00', [width, height]),
    line('R_rect_00', identity),
    line('P_rect_00', projection),
    line('S_rect_02', [width, height]),
    line('R_rect_02', identity),
    line('P_rect_02', projection),
    '',
  ].join('\n');
}

export function veloToCamText(): string {
  return [calibTime, line('R', syntheticVeloToCam.R), line('T', syntheticVeloToCam.T), line('delta_f', [0, 0]), line('delta_c', [0, 0]), ''].join('\n');
}

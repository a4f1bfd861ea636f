import type { Intrinsics } from '../datasets/spec.js';

/**
 * A pinhole camera. Pixel (col, row) looks along ((col − cx)/fx, (row − cy)/fy, 1) in the camera
 * frame (x right, y down, z forward): integer pixel coordinates are pixel centres, as in OpenCV.
 */
export interface SynthCamera {
  width: number;
  height: number;
  intrinsics: Intrinsics;
  /** Camera centre in the world frame (y down, ground at y = 0). */
  origin: readonly [number, number, number];
  /** Rotation about the world y axis (radians, positive turns right), then about x (positive looks down). */
  yaw: number;
  pitch: number;
}

/** Intrinsics for an image resized from `from` to `to` ([height, width]), as monodepth2 scales K. */
export function scaleIntrinsics(intrinsics: Intrinsics, from: readonly [number, number], to: readonly [number, number]): Intrinsics {
  const sy = to[0] / from[0];
  const sx = to[1] / from[1];
  return { fx: intrinsics.fx * sx, fy: intrinsics.fy * sy, cx: intrinsics.cx * sx, cy: intrinsics.cy * sy };
}

/** Camera-to-world rotation, 3×3 row-major: R = R_y(yaw) · R_x(pitch). */
export function cameraRotation(yaw: number, pitch: number): number[] {
  const cy = Math.cos(yaw);
  const sy = Math.sin(yaw);
  const cp = Math.cos(pitch);
  const sp = Math.sin(pitch);
  // R_x(pitch) tilts +z towards +y (down) for positive pitch; R_y(yaw) turns +z towards +x.
  return [cy, -sy * sp, sy * cp, 0, cp, sp, -sy, -cy * sp, cy * cp];
}

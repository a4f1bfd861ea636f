import { cameraRotation, type SynthCamera } from './camera.js';
import type { Primitive } from './primitives.js';

/** Inclusive pixel range [col0, col1] × [row0, row1] a primitive can cover; empty when col0 > col1. */
export type ScreenRect = [number, number, number, number];

/**
 * Where a primitive can appear on screen: its world bounding box's corners projected, widened by a
 * pixel. A box reaching behind the camera could project anywhere, so it gets the whole screen.
 * Culling with this is what keeps a per-pixel loop over every primitive fast.
 */
export function screenRect(primitive: Primitive, camera: SynthCamera): ScreenRect {
  const { width, height } = camera;
  const { fx, fy, cx, cy } = camera.intrinsics;
  const R = cameraRotation(camera.yaw, camera.pitch);
  const [min, max] = primitive.bounds();
  let c0 = Infinity;
  let c1 = -Infinity;
  let r0 = Infinity;
  let r1 = -Infinity;
  for (let corner = 0; corner < 8; corner++) {
    const wx = (corner & 1 ? max[0] : min[0]) - camera.origin[0];
    const wy = (corner & 2 ? max[1] : min[1]) - camera.origin[1];
    const wz = (corner & 4 ? max[2] : min[2]) - camera.origin[2];
    // World → camera is Rᵀ.
    const x = R[0] * wx + R[3] * wy + R[6] * wz;
    const y = R[1] * wx + R[4] * wy + R[7] * wz;
    const z = R[2] * wx + R[5] * wy + R[8] * wz;
    if (z <= 1e-3) return [0, width - 1, 0, height - 1];
    const u = cx + (fx * x) / z;
    const v = cy + (fy * y) / z;
    c0 = Math.min(c0, u);
    c1 = Math.max(c1, u);
    r0 = Math.min(r0, v);
    r1 = Math.max(r1, v);
  }
  return [Math.max(0, Math.floor(c0) - 1), Math.min(width - 1, Math.ceil(c1) + 1), Math.max(0, Math.floor(r0) - 1), Math.min(height - 1, Math.ceil(r1) + 1)];
}

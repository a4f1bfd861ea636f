import type { Intrinsics } from '../datasets/spec.js';

/**
 * The Velodyne HDL-64E that KITTI carries: 64 beams spread over +2° … −24.8° elevation
 * (datasheet figures). Used only to make sparse GT look like a projected scan.
 */
export const hdl64 = { beams: 64, topDegrees: 2, bottomDegrees: -24.8 } as const;

/**
 * Pixels a 64-beam scan would hit, as 1s in a row-major mask: each beam is a cone of constant
 * elevation, so in the image it bends away from the horizon towards the sides, as real scans do.
 * The sensor is treated as sitting at the camera; the offset between them is centimetres.
 */
export function lidarMask(width: number, height: number, intrinsics: Intrinsics): Uint8Array {
  const mask = new Uint8Array(width * height);
  const { fx, fy, cx, cy } = intrinsics;
  for (let beam = 0; beam < hdl64.beams; beam++) {
    const degrees = hdl64.topDegrees + ((hdl64.bottomDegrees - hdl64.topDegrees) * beam) / (hdl64.beams - 1);
    const slope = Math.tan((degrees * Math.PI) / 180);
    for (let col = 0; col < width; col++) {
      const x = (col - cx) / fx;
      // Elevation θ of (x, y, 1) with y down: tan θ = −y / √(x² + 1).
      const row = Math.round(cy - fy * slope * Math.sqrt(x * x + 1));
      if (row >= 0 && row < height) mask[row * width + col] = 1;
    }
  }
  return mask;
}

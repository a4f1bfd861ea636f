import type { CropSpec } from '../datasets/spec.js';
import type { PixelRegion } from '../metrics/pixel-selection.js';

/**
 * The evaluation rectangle of a mask crop on an H×W ground truth. Fraction bounds are
 * multiplied in float64 and truncated as Python's int() does (BTS, AdaBins, monodepth2), so on
 * 375×1242 Garg is rows 153:371, cols 44:1197 and Eigen rows 124:342, cols 44:1197.
 * Pixel bounds are used as given (NYU Eigen: rows 45:471, cols 41:601).
 */
export function cropRegion(crop: CropSpec, height: number, width: number): PixelRegion {
  switch (crop.kind) {
    case 'fraction':
      return {
        top: Math.trunc(crop.rows[0] * height),
        bottom: Math.trunc(crop.rows[1] * height),
        left: Math.trunc(crop.cols[0] * width),
        right: Math.trunc(crop.cols[1] * width),
      };
    case 'pixels':
      return { top: crop.rows[0], bottom: crop.rows[1], left: crop.cols[0], right: crop.cols[1] };
    case 'kb':
      throw new Error(`the KB crop (${crop.height}×${crop.width}) is where a prediction is pasted, not an evaluation mask; use --kb-crop with a mask protocol`);
  }
}

/** The region as a 0/1 mask, for callers that combine it with a mask of their own. */
export function regionMask(region: PixelRegion, height: number, width: number): Uint8Array {
  const mask = new Uint8Array(height * width);
  const top = Math.max(0, region.top), bottom = Math.min(height, region.bottom);
  const left = Math.max(0, region.left), right = Math.min(width, region.right);
  for (let y = top; y < bottom; y++) mask.fill(1, y * width + left, y * width + right);
  return mask;
}

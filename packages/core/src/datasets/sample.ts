import type { DepthMap, RgbImage } from '../io/image-types.js';
import type { Intrinsics } from './spec.js';

/** One frame as every reader returns it: image, depth in metres (0 = none), intrinsics. */
export interface DepthSample {
  /** The split entry (or file stem) the sample came from. */
  id: string;
  rgb: RgbImage;
  depth?: DepthMap;
  intrinsics?: Intrinsics;
  /** Per-pixel class ids (SYNTHIA). */
  labels?: { width: number; height: number; data: Uint16Array };
}

/** An entry a reader passed over instead of failing, and why; readers count these in their output. */
export interface SkippedEntry {
  id: string;
  file: string;
  reason: string;
}

export function assertSameSize(rgbFile: string, rgb: { width: number; height: number }, otherFile: string, other: { width: number; height: number }): void {
  if (rgb.width !== other.width || rgb.height !== other.height) {
    throw new Error(
      `${otherFile}: size ${other.width}×${other.height} does not match its image ${rgbFile} (${rgb.width}×${rgb.height})`,
    );
  }
}

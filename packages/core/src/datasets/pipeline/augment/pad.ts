import { emptyLike, resampleSample, type TrainSample } from '../train-sample.js';
import type { Augmentation } from './augmentation.js';

/** Copies an image into a zeroed height×width canvas at (top, left). */
function padPixels<T extends Uint8Array | Uint16Array | Float32Array>(
  data: T, width: number, height: number, channels: number, to: { height: number; width: number; top: number; left: number },
): T {
  const out = emptyLike(data, to.height * to.width * channels);
  const row = width * channels;
  for (let y = 0; y < height; y++) out.set(data.subarray(y * row, (y + 1) * row), ((to.top + y) * to.width + to.left) * channels);
  return out;
}

/**
 * Zero-pads image and maps to height×width (DS-SIDENet pads KITTI to 1248×384): the frame sits
 * at the bottom, horizontally centred (KITTI's top rows have no LiDAR either), the new pixels
 * are black with depth 0 (no measurement). The principal point moves with the frame.
 */
export function zeroPadSample(sample: TrainSample, height: number, width: number): TrainSample {
  const { rgb } = sample;
  if (rgb.height > height || rgb.width > width) {
    throw new Error(`sample '${sample.id}': image ${rgb.height}×${rgb.width} is larger than the ${height}×${width} it should be zero-padded to`);
  }
  const at = { height, width, top: height - rgb.height, left: Math.floor((width - rgb.width) / 2) };
  const out = resampleSample(
    sample,
    (image) => ({ width, height, data: padPixels(image.data, image.width, image.height, 3, at) }),
    (map) => ({ width, height, data: padPixels(map.data, map.width, map.height, 1, at) }),
  );
  if (sample.intrinsics) out.intrinsics = { ...sample.intrinsics, cx: sample.intrinsics.cx + at.left, cy: sample.intrinsics.cy + at.top };
  return out;
}

export function zeroPad(height: number, width: number): Augmentation {
  return { name: 'zeroPad', apply: (sample) => ({ sample: zeroPadSample(sample, height, width) }) };
}

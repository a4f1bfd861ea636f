import { emptyLike, resampleSample, type TrainSample } from '../train-sample.js';
import type { Augmentation } from './augmentation.js';

export function flipPixels<T extends Uint8Array | Uint16Array | Float32Array>(
  data: T,
  width: number,
  height: number,
  channels: number,
): T {
  const out = emptyLike(data, data.length);
  for (let y = 0; y < height; y++) {
    const row = y * width * channels;
    for (let x = 0; x < width; x++) {
      const from = row + x * channels;
      const to = row + (width - 1 - x) * channels;
      for (let c = 0; c < channels; c++) out[to + c] = data[from + c];
    }
  }
  return out;
}

/**
 * Mirrors image and maps left–right. The focal length is unchanged; the principal point is
 * mirrored too (x → W − 1 − x). BTS leaves cx alone — it only feeds the focal to its network —
 * which for KITTI (cx ≈ 609 of 1242) is off by about 22 px on flipped frames.
 */
export function flipSample(sample: TrainSample): TrainSample {
  const out = resampleSample(
    sample,
    (rgb) => ({ ...rgb, data: flipPixels(rgb.data, rgb.width, rgb.height, 3) }),
    (map) => ({ ...map, data: flipPixels(map.data, map.width, map.height, 1) }),
  );
  if (sample.intrinsics) out.intrinsics = { ...sample.intrinsics, cx: sample.rgb.width - 1 - sample.intrinsics.cx };
  return out;
}

/** Flips with the given probability (BTS: 0.5). */
export function randomFlip(probability = 0.5): Augmentation {
  return {
    name: 'flip',
    recipe: { factory: 'randomFlip', args: [probability] },
    apply(sample, random) {
      const flipped = random() < probability;
      return { sample: flipped ? flipSample(sample) : sample, params: { flipped } };
    },
  };
}

import { kbCropOffset } from '../../../eval/kb-crop.js';
import type { Random } from '../prng.js';
import { emptyLike, resampleSample, type TrainSample } from '../train-sample.js';
import type { Augmentation } from './augmentation.js';

/** A window in pixels: rows [top, top + height), columns [left, left + width). */
export interface CropBox {
  top: number;
  left: number;
  height: number;
  width: number;
}

export function cropPixels<T extends Uint8Array | Uint16Array | Float32Array>(
  data: T,
  width: number,
  channels: number,
  box: CropBox,
): T {
  const out = emptyLike(data, box.height * box.width * channels);
  const rowLength = box.width * channels;
  for (let y = 0; y < box.height; y++) {
    const from = ((box.top + y) * width + box.left) * channels;
    out.set(data.subarray(from, from + rowLength), y * rowLength);
  }
  return out;
}

/** Crops image and maps alike; the principal point moves with the window. */
export function cropSample(sample: TrainSample, box: CropBox): TrainSample {
  const { width, height } = sample.rgb;
  if (box.top < 0 || box.left < 0 || box.top + box.height > height || box.left + box.width > width) {
    throw new Error(
      `sample '${sample.id}': crop ${box.height}×${box.width} at (${box.top}, ${box.left}) does not fit its ${height}×${width} image`,
    );
  }
  const out = resampleSample(
    sample,
    (rgb) => ({ width: box.width, height: box.height, data: cropPixels(rgb.data, rgb.width, 3, box) }),
    (map) => ({ width: box.width, height: box.height, data: cropPixels(map.data, map.width, 1, box) }),
  );
  if (sample.intrinsics) {
    out.intrinsics = { ...sample.intrinsics, cx: sample.intrinsics.cx - box.left, cy: sample.intrinsics.cy - box.top };
  }
  return out;
}

/** A uniformly placed height×width window, as BTS's random_crop (randint over the valid offsets). */
export function randomCrop(height: number, width: number): Augmentation {
  return {
    name: 'randomCrop',
    recipe: { factory: 'randomCrop', args: [height, width] },
    apply(sample, random: Random) {
      const { rgb } = sample;
      if (rgb.height < height || rgb.width < width) {
        throw new Error(`sample '${sample.id}': image ${rgb.height}×${rgb.width} is smaller than the ${height}×${width} random crop`);
      }
      const top = Math.floor(random() * (rgb.height - height + 1));
      const left = Math.floor(random() * (rgb.width - width + 1));
      return { sample: cropSample(sample, { top, left, height, width }), params: { top, left } };
    },
  };
}

/** A fixed window given as half-open row and column ranges (e.g. BTS's NYU border crop). */
export function fixedCrop(rows: readonly [number, number], cols: readonly [number, number]): Augmentation {
  const box = { top: rows[0], left: cols[0], height: rows[1] - rows[0], width: cols[1] - cols[0] };
  return { name: 'fixedCrop', recipe: { factory: 'fixedCrop', args: [rows, cols] }, apply: (sample) => ({ sample: cropSample(sample, box) }) };
}

/** KITTI's KB crop: the bottom `height` rows, horizontally centred, whatever the frame's size. */
export function kbCrop(crop: { height: number; width: number }): Augmentation {
  return {
    name: 'kbCrop',
    recipe: { factory: 'kbCrop', args: [crop] },
    apply(sample) {
      const { top, left } = kbCropOffset(sample.rgb.height, sample.rgb.width, crop);
      return { sample: cropSample(sample, { top, left, ...crop }), params: { top, left } };
    },
  };
}

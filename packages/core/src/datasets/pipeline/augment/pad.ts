import { emptyLike, type Plane, type PlaneData, type TrainSample } from '../train-sample.js';
import type { RgbImage } from '../../../io/image-types.js';
import { imagenetNormalisation } from '../normalise.js';
import type { Augmentation } from './augmentation.js';

/** ImageNet's mean colour in 8 bits: it normalises to ≈ 0, so the padding adds no signal. */
export const meanPadColour: readonly [number, number, number] = imagenetNormalisation.mean.map((m) => Math.round(m * 255)) as unknown as [number, number, number];

/** Rows and columns added on each side so a height×width frame reaches at least the target size. */
export interface Padding {
  top: number;
  bottom: number;
  left: number;
  right: number;
}

/**
 * Missing rows go on top (driving frames have the road at the bottom and no GT in the sky, so
 * the image keeps its vertical layout), missing columns split evenly left/right.
 */
export function paddingToAtLeast(height: number, width: number, target: readonly [number, number]): Padding {
  const rows = Math.max(0, target[0] - height);
  const cols = Math.max(0, target[1] - width);
  return { top: rows, bottom: 0, left: Math.floor(cols / 2), right: cols - Math.floor(cols / 2) };
}

function padRgb(image: RgbImage, p: Padding, colour: readonly [number, number, number]): RgbImage {
  const width = image.width + p.left + p.right;
  const height = image.height + p.top + p.bottom;
  const out = new Uint8Array(width * height * 3);
  for (let i = 0; i < width * height; i++) out.set(colour, i * 3);
  for (let y = 0; y < image.height; y++) {
    out.set(image.data.subarray(y * image.width * 3, (y + 1) * image.width * 3), ((y + p.top) * width + p.left) * 3);
  }
  return { width, height, data: out };
}

/** Maps are padded with 0: no depth measurement (so the loss ignores it), class / instance 0. */
function padPlane<T extends PlaneData>(map: Plane<T>, p: Padding): Plane<T> {
  const width = map.width + p.left + p.right;
  const height = map.height + p.top + p.bottom;
  const out = emptyLike(map.data, width * height);
  for (let y = 0; y < map.height; y++) {
    out.set(map.data.subarray(y * map.width, (y + 1) * map.width), (y + p.top) * width + p.left);
  }
  return { width, height, data: out };
}

export function padSample(sample: TrainSample, p: Padding, colour: readonly [number, number, number] = meanPadColour): TrainSample {
  if (p.top + p.bottom + p.left + p.right === 0) return sample;
  const out: TrainSample = { ...sample, rgb: padRgb(sample.rgb, p, colour) };
  for (const key of ['depth', 'labels', 'instances'] as const) {
    const map = sample[key];
    if (!map) continue;
    if (map.width !== sample.rgb.width || map.height !== sample.rgb.height) {
      throw new Error(`sample '${sample.id}': ${key} is ${map.width}×${map.height} but its image is ${sample.rgb.width}×${sample.rgb.height}`);
    }
    (out as unknown as Record<string, Plane>)[key] = padPlane(map as Plane, p);
  }
  if (sample.intrinsics) out.intrinsics = { ...sample.intrinsics, cx: sample.intrinsics.cx + p.left, cy: sample.intrinsics.cy + p.top };
  return out;
}

/**
 * Pads frames smaller than height×width (mean colour, depth 0 = ignored) so a random crop of
 * that size fits — DeepLab's data layer does the same with its mean pixel and ignore label.
 * Frames already large enough pass unchanged.
 */
export function padToAtLeast(height: number, width: number): Augmentation {
  return {
    name: 'padToSize',
    recipe: { factory: 'padToAtLeast', args: [height, width] },
    apply(sample) {
      const p = paddingToAtLeast(sample.rgb.height, sample.rgb.width, [height, width]);
      return { sample: padSample(sample, p), params: { top: p.top, left: p.left, right: p.right } };
    },
  };
}

/**
 * Zero-pads image and maps to exactly height×width (DS-SIDENet pads KITTI to 1248×384): the
 * frame sits at the bottom, horizontally centred (KITTI's top rows have no LiDAR either), the
 * new pixels black with depth 0 (no measurement).
 */
export function zeroPadSample(sample: TrainSample, height: number, width: number): TrainSample {
  const { rgb } = sample;
  if (rgb.height > height || rgb.width > width) {
    throw new Error(`sample '${sample.id}': image ${rgb.height}×${rgb.width} is larger than the ${height}×${width} it should be zero-padded to`);
  }
  return padSample(sample, paddingToAtLeast(rgb.height, rgb.width, [height, width]), [0, 0, 0]);
}

export function zeroPad(height: number, width: number): Augmentation {
  return { name: 'zeroPad', recipe: { factory: 'zeroPad', args: [height, width] }, apply: (sample) => ({ sample: zeroPadSample(sample, height, width) }) };
}

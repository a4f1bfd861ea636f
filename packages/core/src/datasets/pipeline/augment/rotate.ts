import type { RgbImage } from '../../../io/image-types.js';
import { uniform } from '../prng.js';
import { emptyLike, resampleSample, type Plane, type PlaneData, type TrainSample } from '../train-sample.js';
import type { Augmentation } from './augmentation.js';

/**
 * For output pixel centres, where to read in the input: the inverse of a rotation by `degrees`
 * counter-clockwise (as PIL's Image.rotate, which BTS uses) about the image centre, same size.
 */
function inverseMap(width: number, height: number, degrees: number) {
  const t = (degrees * Math.PI) / 180;
  const cos = Math.cos(t);
  const sin = Math.sin(t);
  const cx = width / 2;
  const cy = height / 2;
  // source = (cos·u − sin·v, sin·u + cos·v) + c with (u, v) = p − c, p at pixel centres; along a
  // row it advances by (cos, sin) per pixel.
  return {
    dx: cos,
    dy: sin,
    rowStart(y: number): [number, number] {
      const u = 0.5 - cx;
      const v = y + 0.5 - cy;
      return [cos * u - sin * v + cx, sin * u + cos * v + cy];
    },
  };
}

/** Nearest neighbour: every output value is an input value or 0 (outside), never a blend. */
export function rotateNearest<T extends PlaneData>(map: Plane<T>, degrees: number): Plane<T> {
  const { width, height, data } = map;
  const out = emptyLike(data, data.length);
  const { dx, dy, rowStart } = inverseMap(width, height, degrees);
  for (let y = 0; y < height; y++) {
    const [sx0, sy0] = rowStart(y);
    for (let x = 0; x < width; x++) {
      const sx = sx0 + dx * x;
      const sy = sy0 + dy * x;
      if (sx >= 0 && sy >= 0 && sx < width && sy < height) out[y * width + x] = data[(sy | 0) * width + (sx | 0)];
    }
  }
  return { width, height, data: out };
}

/** Bilinear, black outside the input (PIL's fill); neighbours at the very edge are clamped. */
export function rotateBilinear(image: RgbImage, degrees: number): RgbImage {
  const { width, height, data } = image;
  const out = new Uint8Array(data.length);
  const { dx, dy, rowStart } = inverseMap(width, height, degrees);
  const lastX = width - 1;
  const lastY = height - 1;
  for (let y = 0; y < height; y++) {
    const [sx0, sy0] = rowStart(y);
    for (let x = 0; x < width; x++) {
      const sx = sx0 + dx * x;
      const sy = sy0 + dy * x;
      if (sx < 0 || sy < 0 || sx >= width || sy >= height) continue;
      // Sample positions relative to pixel centres; the first half pixel clamps to the edge.
      const fx = sx > 0.5 ? sx - 0.5 : 0;
      const fy = sy > 0.5 ? sy - 0.5 : 0;
      const x0 = fx | 0;
      const y0 = fy | 0;
      const ax = fx - x0;
      const ay = fy - y0;
      const stepX = x0 < lastX ? 3 : 0;
      const stepY = y0 < lastY ? width * 3 : 0;
      const p00 = (y0 * width + x0) * 3;
      const p10 = p00 + stepY;
      const w00 = (1 - ax) * (1 - ay);
      const w01 = ax * (1 - ay);
      const w10 = (1 - ax) * ay;
      const w11 = ax * ay;
      const to = (y * width + x) * 3;
      for (let c = 0; c < 3; c++) {
        const v = data[p00 + c] * w00 + data[p00 + stepX + c] * w01 + data[p10 + c] * w10 + data[p10 + stepX + c] * w11;
        out[to + c] = (v + 0.5) | 0;
      }
    }
  }
  return { width, height, data: out };
}

/**
 * Rotates image (bilinear) and maps (nearest, so depth at object edges is never averaged into
 * depths that exist nowhere). Corners left uncovered become black / 0 = no measurement.
 * Intrinsics are kept: for BTS's ±1–2.5° the principal point barely moves.
 */
export function rotateSample(sample: TrainSample, degrees: number): TrainSample {
  if (degrees === 0) return sample;
  return resampleSample(sample, (rgb) => rotateBilinear(rgb, degrees), (map) => rotateNearest(map, degrees));
}

/** A uniform angle in [−maxDegrees, maxDegrees] (BTS: 1° KITTI, 2.5° NYU). */
export function randomRotation(maxDegrees: number): Augmentation {
  return {
    name: 'rotate',
    recipe: { factory: 'randomRotation', args: [maxDegrees] },
    apply(sample, random) {
      const degrees = uniform(random, [-maxDegrees, maxDegrees]);
      return { sample: rotateSample(sample, degrees), params: { degrees } };
    },
  };
}

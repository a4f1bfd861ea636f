import type { RgbImage } from '../../../io/image-types.js';
import { emptyLike, resampleSample, type Plane, type PlaneData, type TrainSample } from '../train-sample.js';
import type { Augmentation } from './augmentation.js';

/** Half-pixel centres: output o reads input (o + 0.5)·in/out − 0.5 (cv2 INTER_LINEAR, no antialias). */
function bilinearTaps(inSize: number, outSize: number) {
  const i0 = new Int32Array(outSize);
  const i1 = new Int32Array(outSize);
  const f = new Float64Array(outSize);
  for (let o = 0; o < outSize; o++) {
    const s = Math.max(0, (o + 0.5) * (inSize / outSize) - 0.5);
    const lo = Math.min(Math.floor(s), inSize - 1);
    i0[o] = lo;
    i1[o] = Math.min(lo + 1, inSize - 1);
    f[o] = lo === inSize - 1 ? 0 : s - lo;
  }
  return { i0, i1, f };
}

export function resizeRgbBilinear(image: RgbImage, height: number, width: number): RgbImage {
  const { data } = image;
  const xs = bilinearTaps(image.width, width);
  const ys = bilinearTaps(image.height, height);
  const out = new Uint8Array(height * width * 3);
  for (let y = 0; y < height; y++) {
    const r0 = ys.i0[y] * image.width;
    const r1 = ys.i1[y] * image.width;
    const ay = ys.f[y];
    for (let x = 0; x < width; x++) {
      const ax = xs.f[x];
      const p00 = (r0 + xs.i0[x]) * 3;
      const p01 = (r0 + xs.i1[x]) * 3;
      const p10 = (r1 + xs.i0[x]) * 3;
      const p11 = (r1 + xs.i1[x]) * 3;
      const to = (y * width + x) * 3;
      for (let c = 0; c < 3; c++) {
        const top = data[p00 + c] + (data[p01 + c] - data[p00 + c]) * ax;
        const bottom = data[p10 + c] + (data[p11 + c] - data[p10 + c]) * ax;
        out[to + c] = Math.round(top + (bottom - top) * ay);
      }
    }
  }
  return { width, height, data: out };
}

/** Nearest with the same pixel-centre convention: input floor((o + 0.5)·in/out). */
export function resizeNearest<T extends PlaneData>(map: Plane<T>, height: number, width: number): Plane<T> {
  const cols = new Int32Array(width);
  for (let x = 0; x < width; x++) cols[x] = Math.min(Math.floor((x + 0.5) * (map.width / width)), map.width - 1);
  const out = emptyLike(map.data, height * width);
  for (let y = 0; y < height; y++) {
    const row = Math.min(Math.floor((y + 0.5) * (map.height / height)), map.height - 1) * map.width;
    for (let x = 0; x < width; x++) out[y * width + x] = map.data[row + cols[x]];
  }
  return { width, height, data: out };
}

/** Resizes image (bilinear) and maps (nearest); intrinsics scale with the pixel grid. */
export function resizeSample(sample: TrainSample, height: number, width: number): TrainSample {
  if (sample.rgb.height === height && sample.rgb.width === width) return sample;
  const sx = width / sample.rgb.width;
  const sy = height / sample.rgb.height;
  const out = resampleSample(
    sample,
    (rgb) => resizeRgbBilinear(rgb, height, width),
    (map) => resizeNearest(map, height, width),
  );
  const k = sample.intrinsics;
  if (k) out.intrinsics = { fx: k.fx * sx, fy: k.fy * sy, cx: (k.cx + 0.5) * sx - 0.5, cy: (k.cy + 0.5) * sy - 0.5 };
  return out;
}

export function resizeTo(height: number, width: number): Augmentation {
  return { name: 'resize', recipe: { factory: 'resizeTo', args: [height, width] }, apply: (sample) => ({ sample: resizeSample(sample, height, width) }) };
}

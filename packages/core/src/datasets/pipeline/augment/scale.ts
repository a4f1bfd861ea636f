import { uniform } from '../prng.js';
import { resampleSample, type TrainSample } from '../train-sample.js';
import type { Augmentation } from './augmentation.js';
import { resizeNearest, resizeRgbBilinear } from './resize.js';

/** Depths counted as measurements: min < d < max, as the pipeline's mask. */
export interface ValidDepthRange {
  min: number;
  max: number;
}

/**
 * Eigen et al. (NIPS 2014, §3.3)'s scale step: the image and its maps grow by `s` (to
 * round(H·s) × round(W·s)) and depth is divided by `s` — the same scene seen from `s` times
 * closer. The image is resized bilinearly; depth, labels and instances by nearest neighbour,
 * so every depth is one measured depth ÷ s and a hole (0) is copied as a hole, never blended
 * with its neighbours. Depths outside `validDepth` become 0 first, so a depth beyond the cap
 * is not divided into range. A camera seen from closer keeps its focal length: fx and fy stay
 * (up to the rounding of the new size), the principal point moves with the pixel grid.
 */
export function scaleSample(sample: TrainSample, s: number, validDepth?: ValidDepthRange): TrainSample {
  if (!(s > 0)) throw new Error(`sample '${sample.id}': expected a scale factor > 0, found ${s}`);
  if (s === 1) return sample;
  const { width: w0, height: h0 } = sample.rgb;
  const height = Math.round(h0 * s);
  const width = Math.round(w0 * s);
  const out = resampleSample(sample, (rgb) => resizeRgbBilinear(rgb, height, width), (map) => resizeNearest(map, height, width));
  if (out.depth) {
    const data = out.depth.data;
    const range = validDepth ?? { min: 0, max: Infinity };
    for (let i = 0; i < data.length; i++) data[i] = data[i] > range.min && data[i] < range.max ? data[i] / s : 0;
  }
  const k = sample.intrinsics;
  if (k) {
    const sx = width / w0;
    const sy = height / h0;
    out.intrinsics = { fx: (k.fx * sx) / s, fy: (k.fy * sy) / s, cx: (k.cx + 0.5) * sx - 0.5, cy: (k.cy + 0.5) * sy - 0.5 };
  }
  return out;
}

/** s uniform in `range` (Eigen et al.: [1, 1.5]), then `scaleSample`. Put it before the random crop. */
export function randomScale(range: readonly [number, number], validDepth?: ValidDepthRange): Augmentation {
  const [lo, hi] = range;
  if (!(lo > 0 && hi >= lo)) throw new Error(`randomScale: expected a range [lo, hi] with 0 < lo ≤ hi, found [${range.join(', ')}]`);
  return {
    name: 'scale',
    recipe: { factory: 'randomScale', args: [range, validDepth] },
    apply(sample, random) {
      const scale = uniform(random, range);
      return { sample: scaleSample(sample, scale, validDepth), params: { scale } };
    },
  };
}

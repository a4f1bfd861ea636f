import type { MeanShiftConfig } from '../config.js';

/** One image's embeddings: `data` is [pixels, dim] row-major (an NHWC slice). */
export interface EmbeddingImage {
  data: Float32Array;
  height: number;
  width: number;
  dim: number;
}

function l1(a: Float32Array, ai: number, b: Float32Array, bi: number, dim: number): number {
  let s = 0;
  for (let k = 0; k < dim; k++) s += Math.abs(a[ai + k] - b[bi + k]);
  return s;
}

/** Pixel indices of a regular grid with about `count` points, centred in its cells. */
export function gridIndices(height: number, width: number, step: number): number[] {
  const out: number[] = [];
  const offset = Math.floor(step / 2);
  for (let y = Math.min(offset, height - 1); y < height; y += step) {
    for (let x = Math.min(offset, width - 1); x < width; x += step) out.push(y * width + x);
  }
  return out;
}

function seedStep(pixels: number, seeds: number): number {
  return Math.max(1, Math.ceil(Math.sqrt(pixels / Math.max(1, seeds))));
}

/**
 * Shifts every centre to the mean of the sample embeddings within `radius` (flat kernel, L1),
 * `iterations` times. Returns the centres and how many samples the last window held.
 */
function shiftCentres(image: EmbeddingImage, seeds: number[], samples: number[], radius: number, iterations: number) {
  const { data, dim } = image;
  const centres = new Float32Array(seeds.length * dim);
  seeds.forEach((p, s) => centres.set(data.subarray(p * dim, (p + 1) * dim), s * dim));
  const support = new Int32Array(seeds.length);
  const sum = new Float64Array(dim);
  for (let it = 0; it < iterations; it++) {
    for (let s = 0; s < seeds.length; s++) {
      sum.fill(0);
      let n = 0;
      for (const q of samples) {
        if (l1(data, q * dim, centres, s * dim, dim) > radius) continue;
        for (let k = 0; k < dim; k++) sum[k] += data[q * dim + k];
        n++;
      }
      support[s] = n;
      if (n > 0) for (let k = 0; k < dim; k++) centres[s * dim + k] = sum[k] / n;
    }
  }
  return { centres, support };
}

/** Best-supported first, a centre survives unless a survivor lies within `distance`. */
function fuseCentres(centres: Float32Array, support: Int32Array, dim: number, distance: number, minSupport: number): Float32Array[] {
  const order = Array.from(support.keys()).filter((s) => support[s] >= Math.max(1, minSupport)).sort((a, b) => support[b] - support[a] || a - b);
  const kept: Float32Array[] = [];
  for (const s of order) {
    const c = centres.subarray(s * dim, (s + 1) * dim);
    if (kept.every((k) => l1(k, 0, c, 0, dim) >= distance)) kept.push(Float32Array.from(c));
  }
  return kept;
}

/**
 * The modified mean-shift of §3.1.2 (depthkit's reading of the missing Algorithm 1): seeds on a
 * pixel grid are shifted `iterations` times with a flat L1 kernel of radius kernelRadius·δ_v
 * over a strided sample of the pixels; centres whose window held fewer than minSupport samples
 * are dropped as noise; centres closer than fuseDistance·δ_v are fused; every
 * pixel goes to its nearest centre (only if within assignRadius·δ_v, when a radius is set).
 * Regions are numbered by support
 * (0 = largest); beyond `maxRegions` their pixels stay unlabelled (−1), as §3.2 says.
 * Cost O(pixels × seeds): never a pixel-by-pixel affinity.
 */
export function meanShiftRegions(image: EmbeddingImage, deltaV: number, o: MeanShiftConfig): { labels: Int32Array; centres: Float32Array[] } {
  const { height, width, dim, data } = image;
  const pixels = height * width;
  if (data.length !== pixels * dim) throw new Error(`meanShiftRegions: ${data.length} values for ${height}×${width}×${dim} embeddings`);
  const seeds = gridIndices(height, width, seedStep(pixels, o.seeds));
  const samples = gridIndices(height, width, Math.max(1, o.sampleStride));
  const { centres, support } = shiftCentres(image, seeds, samples, o.kernelRadius * deltaV, o.iterations);
  const fused = fuseCentres(centres, support, dim, o.fuseDistance * deltaV, o.minSupport);
  const labels = new Int32Array(pixels).fill(-1);
  // §3.2 knows one kind of unlabelled pixel (regions past the cap): by default every pixel joins
  // its nearest centre; a radius (e.g. L_rw's 2δ_v) is the option that leaves outliers out.
  const radius = o.assignRadius == null ? Infinity : o.assignRadius * deltaV;
  for (let p = 0; p < pixels; p++) {
    let best = -1;
    let bestDistance = Infinity;
    for (let c = 0; c < fused.length; c++) {
      const d = l1(data, p * dim, fused[c], 0, dim);
      if (d < bestDistance) {
        bestDistance = d;
        best = c;
      }
    }
    // A pixel nearest to a region past the cap stays unlabelled rather than joining another.
    if (best >= 0 && best < o.maxRegions && bestDistance <= radius) labels[p] = best;
  }
  return { labels, centres: fused.slice(0, o.maxRegions) };
}

import type { DepthMetrics } from './depth-metrics.js';
import { resolveSelection, type PixelSelection } from './pixel-selection.js';
import { defaultSilogConvention, silogFromSums, type SilogConvention } from './silog.js';

export interface DepthMetricsOptions extends PixelSelection {
  silog?: SilogConvention;
  /**
   * Clamp each scored prediction to [min, max] as it is read (NaN and −∞ → min, +∞ → max):
   * the protocol's clamp applied only where it matters, without a pass over the whole frame.
   */
  clampPrediction?: { min: number; max: number };
  /** sq_rel's denominator: gt (BTS and the papers) or gt² (KITTI devkit sqErrorRel). Default gt. */
  sqRel?: 'gt' | 'gt-squared';
  /**
   * 'float32': δ's ratios rounded to float32 as numpy/torch compute them on float32 arrays (a 5:4
   * ratio of whole millimetres can land on either side of 1.25). Default 'float64'.
   */
  deltaPrecision?: 'float32' | 'float64';
  /** An image with fewer valid pixels gets null metrics (skipped). Default 1. */
  minValidPixels?: number;
}

/** One image's metrics; `metrics` is null when no pixel was valid (the image is then skipped). */
export interface DepthMetricsResult {
  validPixels: number;
  metrics: DepthMetrics | null;
}

const LN10 = Math.LN10;
const T1 = 1.25;
const T2 = 1.25 ** 2;
const T3 = 1.25 ** 3;

/**
 * Every metric of one image in a single pass over the selected pixels, summed in float64 with no
 * per-pixel allocation. `pred` is used as given unless `clampPrediction` is set; scaling is the
 * protocol's job (see eval/), so an unclamped pred ≤ 0 gives non-finite log metrics, as numpy would.
 *
 * Per pixel this follows BTS `compute_errors` term by term (thresh = max(gt/pred, pred/gt),
 * d = ln pred − ln gt, taken as ln(pred/gt)); log10 is |d|/ln 10, equal to
 * |log10 pred − log10 gt| up to rounding.
 */
export function computeDepthMetrics(
  gt: ArrayLike<number>,
  pred: ArrayLike<number>,
  options: DepthMetricsOptions = {},
): DepthMetricsResult {
  if (gt.length !== pred.length) {
    throw new Error(`computeDepthMetrics: gt has ${gt.length} values but pred has ${pred.length}`);
  }
  const sel = resolveSelection(gt.length, options);
  const { width, lo, hi, mask } = sel;
  const clamp = options.clampPrediction !== undefined;
  const pMin = options.clampPrediction?.min ?? 0;
  const pMax = options.clampPrediction?.max ?? 0;
  const sqRelBySquare = options.sqRel === 'gt-squared';
  const f32 = options.deltaPrecision === 'float32';
  let n = 0;
  let sAbs = 0, sAbsRel = 0, sSq = 0, sSqRel = 0, sD = 0, sD2 = 0, sAbsD = 0, sInv2 = 0;
  let c1 = 0, c2 = 0, c3 = 0;
  for (let y = sel.rowStart; y < sel.rowEnd; y++) {
    const rowBase = y * width;
    for (let i = rowBase + sel.colStart, end = rowBase + sel.colEnd; i < end; i++) {
      const g = gt[i];
      if (!(g > lo && g < hi) || (mask !== undefined && mask[i] === 0)) continue;
      let p = pred[i];
      if (clamp) {
        if (!(p >= pMin)) p = pMin;
        else if (p > pMax) p = pMax;
      }
      const diff = g - p;
      const absDiff = Math.abs(diff);
      const sq = diff * diff;
      sAbs += absDiff;
      sAbsRel += absDiff / g;
      sSq += sq;
      sSqRel += sqRelBySquare ? sq / (g * g) : sq / g;
      // A float32 quotient of float32 operands is the float64 quotient rounded once to float32.
      const ratio = p / g;
      const a = f32 ? Math.fround(g / p) : g / p;
      const b = f32 ? Math.fround(ratio) : ratio;
      // ln(pred/gt) is ln pred − ln gt to within an ulp of the logs, at half the log calls.
      const d = Math.log(ratio);
      sD += d;
      sD2 += d * d;
      sAbsD += Math.abs(d);
      const inv = 1000 / g - 1000 / p;
      sInv2 += inv * inv;
      const thresh = a > b ? a : b;
      if (thresh < T1) c1++;
      if (thresh < T2) c2++;
      if (thresh < T3) c3++;
      n++;
    }
  }
  if (n === 0 || n < (options.minValidPixels ?? 1)) return { validPixels: n, metrics: null };
  return {
    validPixels: n,
    metrics: {
      abs_rel: sAbsRel / n,
      sq_rel: sSqRel / n,
      rmse: Math.sqrt(sSq / n),
      rmse_log: Math.sqrt(sD2 / n),
      log10: sAbsD / n / LN10,
      silog: silogFromSums(sD, sD2, n, options.silog ?? defaultSilogConvention),
      irmse: Math.sqrt(sInv2 / n),
      mae: sAbs / n,
      d1: c1 / n,
      d2: c2 / n,
      d3: c3 / n,
    },
  };
}

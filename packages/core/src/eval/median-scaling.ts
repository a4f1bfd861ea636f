import { gatherSelected, type ResolvedSelection } from '../metrics/pixel-selection.js';
import { medianInPlace } from './median.js';

/** Reusable float64 buffers for the pixels median scaling looks at. */
export class MedianScratch {
  gt = new Float64Array(0);
  pred = new Float64Array(0);

  ensure(n: number): void {
    if (this.gt.length < n) {
      this.gt = new Float64Array(n);
      this.pred = new Float64Array(n);
    }
  }
}

/**
 * monodepth2's per-image ratio median(gt)/median(pred) over the valid pixels. Its arrays are
 * float32, so numpy's medians and their quotient are float32; rounding each step the same way
 * keeps depthkit's scaled predictions bit-identical to monodepth2's. NaN when nothing is valid.
 */
export function medianScaleRatio(
  gt: ArrayLike<number>,
  pred: ArrayLike<number>,
  sel: ResolvedSelection,
  scratch: MedianScratch = new MedianScratch(),
): number {
  scratch.ensure(gt.length);
  const n = gatherSelected(gt, pred, sel, scratch.gt, scratch.pred);
  if (n === 0) return Number.NaN;
  // np.median of an array holding NaN is NaN.
  for (let i = 0; i < n; i++) if (Number.isNaN(scratch.pred[i])) return Number.NaN;
  const mGt = Math.fround(medianInPlace(scratch.gt, n));
  const mPred = Math.fround(medianInPlace(scratch.pred, n));
  return Math.fround(mGt / mPred);
}

/** Multiplies in place, the factor rounded to float32 first as numpy does for a float32 array. */
export function scaleInPlace(data: Float32Array, factor: number): void {
  const f = Math.fround(factor);
  for (let i = 0; i < data.length; i++) data[i] *= f;
}

/** Half-open pixel rectangle, rows [top, bottom) × cols [left, right), as a Python slice. */
export interface PixelRegion {
  top: number;
  bottom: number;
  left: number;
  right: number;
}

/**
 * Which pixels of an image count. A pixel is valid when it lies in `region` (default: all),
 * `mask` is non-zero there (default: no mask), and minDepth < gt < maxDepth — strict on both
 * sides, as BTS/AdaBins/monodepth2 write it (defaults 0 and +∞, i.e. gt > 0 and finite).
 */
export interface PixelSelection {
  /** Row length of the arrays; required with `region` or `mask` unless `height` gives it. */
  width?: number;
  height?: number;
  region?: PixelRegion;
  mask?: Uint8Array;
  minDepth?: number;
  maxDepth?: number;
}

/** A selection with every default filled in, ready for a hot loop. */
export interface ResolvedSelection {
  width: number;
  rowStart: number;
  rowEnd: number;
  colStart: number;
  colEnd: number;
  lo: number;
  hi: number;
  mask: Uint8Array | undefined;
}

export function resolveSelection(length: number, selection: PixelSelection = {}): ResolvedSelection {
  const width = selection.width ?? (selection.height != null ? length / selection.height : length);
  if (!Number.isInteger(width) || width <= 0 || length % width !== 0) {
    throw new Error(`pixel selection: array of ${length} values is not a whole number of rows of width ${width}`);
  }
  const height = length / width;
  if (selection.height != null && selection.height !== height) {
    throw new Error(`pixel selection: expected ${selection.height} rows of ${width}, found ${height}`);
  }
  if (selection.mask && selection.mask.length !== length) {
    throw new Error(`pixel selection: mask has ${selection.mask.length} values, image has ${length}`);
  }
  const r = selection.region ?? { top: 0, bottom: height, left: 0, right: width };
  return {
    width,
    // Python slice semantics: bounds past the edge are clipped, not an error.
    rowStart: clip(r.top, height),
    rowEnd: clip(r.bottom, height),
    colStart: clip(r.left, width),
    colEnd: clip(r.right, width),
    lo: selection.minDepth ?? 0,
    hi: selection.maxDepth ?? Number.POSITIVE_INFINITY,
    mask: selection.mask,
  };
}

function clip(value: number, size: number): number {
  return Math.min(Math.max(Math.trunc(value), 0), size);
}

/** Copies the selected gt and pred values into the scratch arrays; returns how many. */
export function gatherSelected(
  gt: ArrayLike<number>,
  pred: ArrayLike<number>,
  sel: ResolvedSelection,
  outGt: Float64Array,
  outPred: Float64Array,
): number {
  let n = 0;
  for (let y = sel.rowStart; y < sel.rowEnd; y++) {
    const rowBase = y * sel.width;
    for (let i = rowBase + sel.colStart, end = rowBase + sel.colEnd; i < end; i++) {
      const g = gt[i];
      if (!(g > sel.lo && g < sel.hi) || (sel.mask !== undefined && sel.mask[i] === 0)) continue;
      outGt[n] = g;
      outPred[n] = pred[i];
      n++;
    }
  }
  return n;
}

/**
 * The papers publish "SILog" under four different formulas; numbers are only comparable within
 * one. With d = ln pred − ln gt over the valid pixels of one image, n of them:
 *
 * - `bts` (default): 100·sqrt(mean(d²) − mean(d)²). BTS `compute_errors`
 *   (cleinc/bts, utils/eval_with_pngs.py), also AdaBins and most KITTI-Eigen tables.
 * - `depth-anything-v2`: sqrt(mean(d²) − 0.5·mean(d)²), no ×100
 *   (DepthAnything/Depth-Anything-V2, metric_depth/util/metric.py `eval_depth`).
 * - `unidepth`: 100·torch.std(d) (lpiccinelli-eth/UniDepth, unidepth/utils/evaluation_depth.py).
 *   torch.std defaults to the unbiased estimator, so this is 100·sqrt(Σ(d − mean d)²/(n − 1)).
 * - `kitti-benchmark`: the KITTI depth-prediction devkit (devkit/cpp/evaluate_depth.cpp,
 *   `depthError`) computes sqrt(normalizedSquaredLog − logSum²/n²) per image — the same
 *   population mean (÷ n, not n − 1) as BTS — and the benchmark averages that per-image value
 *   over images (`statMean`) and shows it ×100 ("log(m)·100" on the leaderboard). The formula is
 *   therefore BTS's; the name exists so a report can say which one it followed.
 *   (The devkit differs from BTS elsewhere — no caps, float32 sums, sqErrorRel ÷ gt² — which is
 *   protocol, not this formula.)
 *
 * Every convention is per image; the reported value is the mean over images.
 */
export const silogConventions = ['bts', 'depth-anything-v2', 'unidepth', 'kitti-benchmark'] as const;
export type SilogConvention = (typeof silogConventions)[number];

export const defaultSilogConvention: SilogConvention = 'bts';

export function parseSilogConvention(value: string | undefined, source: string): SilogConvention {
  if (value == null || value === '') return defaultSilogConvention;
  if ((silogConventions as readonly string[]).includes(value)) return value as SilogConvention;
  throw new Error(`${source}: unknown SILog convention '${value}'; expected one of ${silogConventions.join(', ')}`);
}

/**
 * SILog from the running sums of d and d² over n pixels. A variance that cancellation pushes
 * just below zero (d nearly constant, e.g. pred = k·gt) is clamped to 0 rather than becoming NaN.
 */
export function silogFromSums(sumD: number, sumD2: number, n: number, convention: SilogConvention): number {
  if (n <= 0) return Number.NaN;
  const meanD = sumD / n;
  const meanD2 = sumD2 / n;
  switch (convention) {
    case 'bts':
    case 'kitti-benchmark':
      return 100 * Math.sqrt(Math.max(0, meanD2 - meanD * meanD));
    case 'depth-anything-v2':
      return Math.sqrt(Math.max(0, meanD2 - 0.5 * meanD * meanD));
    case 'unidepth':
      // One pixel has no sample variance (torch gives NaN); depthkit reports 0, never NaN.
      if (n < 2) return 0;
      return 100 * Math.sqrt(Math.max(0, ((meanD2 - meanD * meanD) * n) / (n - 1)));
  }
}

/**
 * The metric record depthkit publishes. Names follow BTS / AdaBins / monodepth2 `compute_errors`
 * so numbers can be compared column by column with the papers that use them.
 */
export interface DepthMetrics {
  /** mean(|gt − pred| / gt) */
  abs_rel: number;
  /** mean((gt − pred)² / gt) — BTS/monodepth2's definition, not the KITTI devkit's (÷ gt²). */
  sq_rel: number;
  /** sqrt(mean((gt − pred)²)), metres */
  rmse: number;
  /** sqrt(mean((ln gt − ln pred)²)) */
  rmse_log: number;
  /** mean(|log10 pred − log10 gt|) */
  log10: number;
  /** Scale-invariant log error in the convention the evaluation was asked for (BTS by default). */
  silog: number;
  /** sqrt(mean((1/gt − 1/pred)²)) with depths in km, i.e. in 1/km */
  irmse: number;
  /** mean(|gt − pred|), metres */
  mae: number;
  /** mean(max(gt/pred, pred/gt) < 1.25) */
  d1: number;
  /** … < 1.25² */
  d2: number;
  /** … < 1.25³ */
  d3: number;
}

export type MetricName = keyof DepthMetrics;

/** Column order of every table and CSV depthkit writes. */
export const metricNames = [
  'abs_rel', 'sq_rel', 'rmse', 'rmse_log', 'log10', 'silog', 'irmse', 'mae', 'd1', 'd2', 'd3',
] as const satisfies readonly MetricName[];


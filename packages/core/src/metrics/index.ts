export { metricNames, type DepthMetrics, type MetricName } from './depth-metrics.js';
export {
  silogConventions,
  defaultSilogConvention,
  parseSilogConvention,
  silogFromSums,
  type SilogConvention,
} from './silog.js';
export { computeDepthMetrics, type DepthMetricsOptions, type DepthMetricsResult } from './compute-depth-metrics.js';
export { MetricAccumulator } from './metric-accumulator.js';
export {
  resolveSelection,
  gatherSelected,
  type PixelRegion,
  type PixelSelection,
  type ResolvedSelection,
} from './pixel-selection.js';

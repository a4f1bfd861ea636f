import { metricNames, type DepthMetrics } from './depth-metrics.js';
import type { DepthMetricsResult } from './compute-depth-metrics.js';

/**
 * Streaming mean over images — the reference protocols average per-image metrics, they do not
 * pool pixels. Holds eleven sums, never the images. Images with no valid pixel are counted as
 * skipped and left out of the mean, so one empty crop cannot turn the mean into NaN.
 */
export class MetricAccumulator {
  private readonly sums: Record<keyof DepthMetrics, number> = zeroMetrics();
  private imageCount = 0;
  private skippedCount = 0;
  private pixelCount = 0;

  add(result: DepthMetricsResult): void {
    if (result.metrics === null || result.validPixels === 0) {
      this.skippedCount++;
      return;
    }
    for (const name of metricNames) this.sums[name] += result.metrics[name];
    this.imageCount++;
    this.pixelCount += result.validPixels;
  }

  /** Images that contributed to the mean. */
  get images(): number {
    return this.imageCount;
  }

  /** Images with no valid pixel. */
  get skipped(): number {
    return this.skippedCount;
  }

  get validPixels(): number {
    return this.pixelCount;
  }

  /** Mean over the images added so far; null before any image with valid pixels. */
  mean(): DepthMetrics | null {
    if (this.imageCount === 0) return null;
    const out = zeroMetrics();
    for (const name of metricNames) out[name] = this.sums[name] / this.imageCount;
    return out;
  }
}

function zeroMetrics(): DepthMetrics {
  return { abs_rel: 0, sq_rel: 0, rmse: 0, rmse_log: 0, log10: 0, silog: 0, irmse: 0, mae: 0, d1: 0, d2: 0, d3: 0 };
}

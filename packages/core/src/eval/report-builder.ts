import type { DepthMap } from '../io/image-types.js';
import { MetricAccumulator } from '../metrics/metric-accumulator.js';
import { defaultSilogConvention, type SilogConvention } from '../metrics/silog.js';
import { protocolSettings } from './protocol.js';
import { totalNonFinite } from './clamp-prediction.js';
import { cropRegion } from './crop.js';
import { describeConventions, type EvalReport, type EvalSettings, type PerImageEntry } from './eval-report.js';
import { evaluateImage, EvalScratch, type EvaluateOptions } from './evaluate-image.js';

/**
 * Scores images one at a time and assembles the report every evaluation writes (`depthkit
 * eval`, the method CLIs, the bench): the same JSON whichever produced the predictions.
 */
export class EvalReportBuilder {
  private readonly accumulator = new MetricAccumulator();
  private readonly scratch = new EvalScratch();
  private readonly perImage: PerImageEntry[] = [];
  private readonly skippedFiles: string[] = [];
  private nonFinitePixels = 0;
  private nonPositivePixels = 0;
  private firstGt: { width: number; height: number } | null = null;

  constructor(private readonly options: EvaluateOptions) {}

  add(file: string, gt: DepthMap, pred: DepthMap): void {
    this.firstGt ??= { width: gt.width, height: gt.height };
    const result = evaluateImage(gt, pred, this.options, this.scratch, file);
    this.accumulator.add(result);
    const nonFinite = totalNonFinite(result.nonFinite);
    this.nonFinitePixels += nonFinite;
    this.nonPositivePixels += result.nonPositive;
    if (result.metrics === null) {
      this.skippedFiles.push(file);
      return;
    }
    const entry: PerImageEntry = { file, ...result.metrics, validPixels: result.validPixels, nonFinitePixels: nonFinite };
    if (result.medianRatio !== undefined) entry.medianRatio = result.medianRatio;
    this.perImage.push(entry);
  }

  build(): EvalReport {
    const { protocol } = this.options;
    const report: EvalReport = {
      protocol: protocol.name,
      images: this.accumulator.images,
      skipped: this.accumulator.skipped,
      metrics: this.accumulator.mean(),
      perImage: this.perImage,
      skippedFiles: this.skippedFiles,
      nonFinitePixels: this.nonFinitePixels,
      protocolSettings: protocolSettings(protocol),
      nonPositivePixels: this.nonPositivePixels,
      settings: this.settings(),
      conventions: describeConventions(protocol, this.silog()),
    };
    if (this.medianScaling()) report.medianRatio = ratioSummary(this.perImage);
    return report;
  }

  private settings(): EvalSettings {
    const { protocol, ...o } = this.options;
    const gt = this.firstGt;
    return {
      dataset: protocol.dataset.name,
      crop: protocol.cropName,
      cropRegion: protocol.crop === null || gt === null ? null : cropRegion(protocol.crop, gt.height, gt.width),
      minDepth: protocol.minDepth,
      maxDepth: protocol.maxDepth,
      depthScale: protocol.depthScale,
      kbCrop: o.kbCrop ?? false,
      medianScaling: this.medianScaling(),
      scale: o.scale ?? 1,
      resize: protocol.resize ?? (o.resize ? 'bilinear' : false),
      silog: this.silog(),
    };
  }

  private silog(): SilogConvention {
    return this.options.protocol.silog ?? this.options.silog ?? defaultSilogConvention;
  }

  private medianScaling(): boolean {
    return this.options.protocol.medianScaling || (this.options.medianScaling ?? false);
  }
}

function ratioSummary(perImage: PerImageEntry[]): { median: number; std: number } {
  const ratios = perImage.map((e) => e.medianRatio).filter((r): r is number => r !== undefined).sort((a, b) => a - b);
  if (ratios.length === 0) return { median: Number.NaN, std: Number.NaN };
  const mid = ratios.length >> 1;
  const median = ratios.length % 2 === 1 ? ratios[mid] : (ratios[mid - 1] + ratios[mid]) / 2;
  const mean = ratios.reduce((s, r) => s + r, 0) / ratios.length;
  const std = Math.sqrt(ratios.reduce((s, r) => s + (r - mean) ** 2, 0) / ratios.length);
  return { median, std };
}

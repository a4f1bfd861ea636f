import { metricNames, type DepthMetrics } from '../metrics/depth-metrics.js';
import type { SilogConvention } from '../metrics/silog.js';
import type { PixelRegion } from '../metrics/pixel-selection.js';
import { protocolSettings, type EvalProtocol, type ProtocolName } from './protocol.js';

export type PerImageEntry = { file: string } & DepthMetrics & {
  validPixels: number;
  nonFinitePixels: number;
  medianRatio?: number;
};

export interface EvalSettings {
  dataset: string;
  crop: string | null;
  /** The crop rectangle on the first image evaluated (all images of a split share a size). */
  cropRegion: PixelRegion | null;
  minDepth: number;
  maxDepth: number;
  depthScale: number;
  kbCrop: boolean;
  medianScaling: boolean;
  scale: number;
  /** The resize rule a prediction of another size went through; false: none allowed. */
  resize: string | false;
  silog: SilogConvention;
}

export interface EvalReport {
  protocol: ProtocolName;
  /** Images that entered the mean. */
  images: number;
  /** Images with no valid pixel (or fewer than the protocol's minimum), left out of the mean. */
  skipped: number;
  /** Mean over images of each per-image metric; null when every image was skipped. */
  metrics: DepthMetrics | null;
  perImage: PerImageEntry[];
  skippedFiles: string[];
  /** Prediction pixels that were NaN or ±∞ before clamping, over all images. */
  nonFinitePixels: number;
  /** Finite prediction pixels ≤ 0 clamped up to minDepth, over all images (a warning, printed). */
  nonPositivePixels: number;
  /** median and std of the per-image ratios, as monodepth2 prints them. */
  medianRatio?: { median: number; std: number };
  /** Every setting of the protocol, as `depthkit eval --list-protocols` prints it. */
  protocolSettings: ReturnType<typeof protocolSettings>;
  settings: EvalSettings;
  /** Which formula each number follows, so a reader can compare with a paper. */
  conventions: Record<string, string>;
}

export function describeConventions(protocol: EvalProtocol, silog: SilogConvention): Record<string, string> {
  const lower = protocol.minInclusive ? '<=' : '<';
  const upper = protocol.maxInclusive ? '<=' : '<';
  const prediction = [
    protocol.fillInvalidPrediction ? 'holes (<= 0) filled as the KITTI devkit interpolateBackground' : null,
    protocol.clamp ? 'clamped to [minDepth, maxDepth]' : 'not clamped',
    protocol.replaceNonFinite ? '+inf -> max, NaN and -inf -> min' : 'non-finite values kept',
  ].filter((x) => x !== null).join(', ');
  return {
    follows: protocol.follows,
    averaging: `each metric per image over its valid pixels, then the mean over images; images with fewer than ${protocol.minValidPixels} valid pixels skipped`,
    valid: `minDepth ${lower} gt ${upper} maxDepth, inside the crop; predictions ${prediction}`,
    abs_rel: 'mean(|gt - pred| / gt)',
    sq_rel: protocol.sqRel === 'gt-squared' ? 'mean((gt - pred)^2 / gt^2) (KITTI devkit sqErrorRel)' : 'mean((gt - pred)^2 / gt)',
    rmse: 'sqrt(mean((gt - pred)^2)), metres',
    rmse_log: 'sqrt(mean((ln gt - ln pred)^2))',
    log10: 'mean(|log10 pred - log10 gt|)',
    silog: silogDescription[silog],
    irmse: 'sqrt(mean((1/gt - 1/pred)^2)), depths in km: 1/km',
    mae: 'mean(|gt - pred|), metres',
    d1: `mean(max(gt/pred, pred/gt) < 1.25), ratios in ${protocol.deltaPrecision}; d2, d3: 1.25^2, 1.25^3`,
  };
}

const silogDescription: Record<SilogConvention, string> = {
  bts: 'bts: 100 * sqrt(mean(d^2) - mean(d)^2), d = ln pred - ln gt',
  'kitti-benchmark': 'kitti-benchmark: 100 * sqrt(mean(d^2) - mean(d)^2) per image (devkit formula, leaderboard x100)',
  'depth-anything-v2': 'depth-anything-v2: sqrt(mean(d^2) - 0.5 * mean(d)^2), no x100',
  unidepth: 'unidepth: 100 * std(d) with the unbiased (n - 1) estimator, as torch.std',
};

/** The summary as a markdown table: one header row of metric names, one row of means. */
export function reportMarkdown(report: EvalReport): string {
  const head = `| protocol | images | skipped | ${metricNames.join(' | ')} |`;
  const rule = `|${' --- |'.repeat(metricNames.length + 3)}`;
  const values = metricNames.map((name) => (report.metrics === null ? 'n/a' : formatMetric(report.metrics[name])));
  const row = `| ${report.protocol} | ${report.images} | ${report.skipped} | ${values.join(' | ')} |`;
  return `${head}\n${rule}\n${row}\n`;
}

function formatMetric(value: number): string {
  return Math.abs(value) >= 100 ? value.toFixed(2) : value.toFixed(4);
}

/** Per-image rows; the mean is in the JSON report. */
export function reportCsv(report: EvalReport): string {
  const withRatio = report.settings.medianScaling;
  const header = ['file', 'validPixels', ...metricNames, 'nonFinitePixels', ...(withRatio ? ['medianRatio'] : [])];
  const lines = [header.join(',')];
  for (const entry of report.perImage) {
    const cells = [
      csvCell(entry.file),
      String(entry.validPixels),
      ...metricNames.map((name) => String(entry[name])),
      String(entry.nonFinitePixels),
      ...(withRatio ? [String(entry.medianRatio ?? '')] : []),
    ];
    lines.push(cells.join(','));
  }
  return `${lines.join('\n')}\n`;
}

function csvCell(text: string): string {
  return /[",\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

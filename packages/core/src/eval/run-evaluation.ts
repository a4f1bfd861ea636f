import type { DepthMap } from '../io/image-types.js';
import { MetricAccumulator } from '../metrics/metric-accumulator.js';
import { defaultSilogConvention } from '../metrics/silog.js';
import { totalNonFinite } from './clamp-prediction.js';
import { cropRegion } from './crop.js';
import { describeConventions, type EvalReport, type EvalSettings, type PerImageEntry } from './eval-report.js';
import { evaluateImage, EvalScratch, type EvaluateOptions } from './evaluate-image.js';
import { matchDepthFiles, type DepthFilePair } from './match-files.js';
import { getProtocol, type EvalProtocol, type ProtocolName } from './protocol.js';
import { readDepthFile } from './read-depth-file.js';

export interface RunEvaluationOptions extends Omit<EvaluateOptions, 'protocol'> {
  protocol: ProtocolName | EvalProtocol;
  gtDir: string;
  predDir: string;
  /** Image pairs being decoded ahead of the one being scored; bounds memory. Default 4. */
  readAhead?: number;
  /** Called after each image, e.g. for progress. */
  onImage?: (done: number, total: number, file: string) => void;
  /** Reader for GT and prediction files; defaults to 16-bit PNG / float32 .npy by extension. */
  readDepth?: (file: string, depthScale: number) => Promise<DepthMap>;
}

/**
 * Scores every prediction in `predDir` against the GT of the same relative path and stem in
 * `gtDir`. Images stream through: at most `readAhead` pairs are in memory while decoding
 * overlaps scoring, so the 697-image Eigen split costs a few images' worth of memory.
 */
export async function runEvaluation(options: RunEvaluationOptions): Promise<EvalReport> {
  const protocol = typeof options.protocol === 'string' ? getProtocol(options.protocol) : options.protocol;
  const evalOptions: EvaluateOptions = { ...options, protocol };
  const pairs = await matchDepthFiles(options.gtDir, options.predDir);
  const accumulator = new MetricAccumulator();
  const scratch = new EvalScratch();
  const perImage: PerImageEntry[] = [];
  const skippedFiles: string[] = [];
  let nonFinitePixels = 0;
  let firstGt: { width: number; height: number } | null = null;

  let done = 0;
  const read = options.readDepth ?? readDepthFile;
  for await (const { pair, gt, pred } of loadPairs(pairs, protocol.depthScale, options.readAhead ?? 4, read)) {
    firstGt ??= { width: gt.width, height: gt.height };
    const result = evaluateImage(gt, pred, evalOptions, scratch, pair.file);
    accumulator.add(result);
    const nonFinite = totalNonFinite(result.nonFinite);
    nonFinitePixels += nonFinite;
    if (result.metrics === null) skippedFiles.push(pair.file);
    else {
      const entry: PerImageEntry = { file: pair.file, ...result.metrics, validPixels: result.validPixels, nonFinitePixels: nonFinite };
      if (result.medianRatio !== undefined) entry.medianRatio = result.medianRatio;
      perImage.push(entry);
    }
    options.onImage?.(++done, pairs.length, pair.file);
  }

  const report: EvalReport = {
    protocol: protocol.name,
    images: accumulator.images,
    skipped: accumulator.skipped,
    metrics: accumulator.mean(),
    perImage,
    skippedFiles,
    nonFinitePixels,
    settings: settingsOf(protocol, options, firstGt),
    conventions: describeConventions(options.silog ?? defaultSilogConvention),
  };
  if (options.medianScaling) report.medianRatio = ratioSummary(perImage);
  return report;
}

interface LoadedPair {
  pair: DepthFilePair;
  gt: DepthMap;
  pred: DepthMap;
}

async function* loadPairs(
  pairs: DepthFilePair[],
  depthScale: number,
  readAhead: number,
  read: (file: string, depthScale: number) => Promise<DepthMap>,
): AsyncGenerator<LoadedPair> {
  const load = (pair: DepthFilePair): Promise<LoadedPair> =>
    Promise.all([read(pair.gtPath, depthScale), read(pair.predPath, depthScale)]).then(([gt, pred]) => ({ pair, gt, pred }));
  const queue: Promise<LoadedPair>[] = [];
  let next = 0;
  const refill = (): void => {
    while (queue.length < Math.max(1, readAhead) && next < pairs.length) {
      const pending = load(pairs[next++]);
      // Failures surface when their turn comes; until then they must not count as unhandled.
      pending.catch(() => undefined);
      queue.push(pending);
    }
  };
  refill();
  while (queue.length > 0) {
    const loaded = await queue.shift()!;
    refill();
    yield loaded;
  }
}

function settingsOf(protocol: EvalProtocol, options: RunEvaluationOptions, gt: { width: number; height: number } | null): EvalSettings {
  return {
    dataset: protocol.dataset.name,
    crop: protocol.cropName,
    cropRegion: protocol.crop === null || gt === null ? null : cropRegion(protocol.crop, gt.height, gt.width),
    minDepth: protocol.minDepth,
    maxDepth: protocol.maxDepth,
    depthScale: protocol.depthScale,
    kbCrop: options.kbCrop ?? false,
    medianScaling: options.medianScaling ?? false,
    scale: options.scale ?? 1,
    resize: options.resize ?? false,
    silog: options.silog ?? defaultSilogConvention,
  };
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

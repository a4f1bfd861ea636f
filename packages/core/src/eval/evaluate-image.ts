import type { DepthMap } from '../io/image-types.js';
import { computeDepthMetrics, type DepthMetricsResult } from '../metrics/compute-depth-metrics.js';
import { resolveSelection, type PixelSelection } from '../metrics/pixel-selection.js';
import type { SilogConvention } from '../metrics/silog.js';
import { clampDepth, countNonFinite, replaceNonFinite, type NonFiniteCounts } from './clamp-prediction.js';
import { cropRegion } from './crop.js';
import { pasteKbCrop } from './kb-crop.js';
import { medianScaleRatio, scaleInPlace, MedianScratch } from './median-scaling.js';
import { kbCropOf, type EvalProtocol } from './protocol.js';
import { fillInvalidPrediction } from './fill-invalid-prediction.js';
import { nextDouble } from './next-double.js';
import { resizeBilinear, resizeNearest } from './resize-bilinear.js';

export interface EvaluateOptions {
  protocol: EvalProtocol;
  /** The prediction covers only the KB crop and is pasted back into zeros (BTS `--do_kb_crop`). */
  kbCrop?: boolean;
  /**
   * Per-image median(gt)/median(pred) (on top of the protocol's own setting) over the valid pixels (monodepth2, for relative depth).
   * A prediction whose median is 0 has no finite ratio; it is scored unscaled, without a ratio.
   */
  medianScaling?: boolean;
  /** Fixed factor applied before median scaling, e.g. 5.4 for monodepth2's stereo models. */
  scale?: number;
  /** Bilinearly resize a prediction of another size to the GT size instead of failing (depthkit's own protocol names; the published ones carry their resize rule). */
  resize?: boolean;
  silog?: SilogConvention;
}

export interface ImageEvaluation extends DepthMetricsResult {
  nonFinite: NonFiniteCounts;
  /** Finite prediction pixels ≤ 0 (at GT size, before scaling) that the clamp raised to minDepth. */
  nonPositive: number;
  /** The median-scaling ratio, when median scaling was asked for and a pixel was valid. */
  medianRatio?: number;
}

/** Buffers reused from one image to the next so a long split allocates once. */
export class EvalScratch {
  pred = new Float32Array(0);
  median = new MedianScratch();

  predBuffer(n: number): Float32Array {
    if (this.pred.length !== n) this.pred = new Float32Array(n);
    return this.pred;
  }
}

/**
 * One image through the protocol, in the order its reference applies the steps (protocol.order):
 * paste (KB) or resize to GT size → holes filled (KITTI devkit) → non-finite replaced (+∞ → max,
 * NaN/−∞ → min, counted) → fixed scale → median scaling on the valid pixels → clamp to [min, max]
 * → metrics over the valid pixels inside the crop. Each step runs only when the protocol (or, for
 * depthkit's own names, the options) asks for it. The caller's prediction is never modified.
 */
export function evaluateImage(
  gt: DepthMap,
  pred: DepthMap,
  options: EvaluateOptions,
  scratch: EvalScratch = new EvalScratch(),
  file = 'image',
): ImageEvaluation {
  const { protocol } = options;
  checkShape(gt, `${file}: ground truth`);
  checkShape(pred, `${file}: prediction`);
  // GT is float32, so numpy compares it with float32-rounded caps; fround keeps e.g. a NYU
  // value of 1 mm (float32(0.001)) out of "gt > 1e-3", as it is in BTS.
  const lo = Math.fround(protocol.minDepth);
  const hi = Math.fround(protocol.maxDepth);
  const selection = selectionFor(protocol, gt, file);
  const source = predictionAtGtSize(gt, pred, options, scratch, file);
  const scale = options.scale ?? 1;
  const medianScaling = protocol.medianScaling || (options.medianScaling ?? false);
  const metricOptions = {
    ...selection,
    silog: protocol.silog ?? options.silog,
    sqRel: protocol.sqRel,
    deltaPrecision: protocol.deltaPrecision,
    minValidPixels: protocol.minValidPixels,
  };
  const inPlaceSteps = scale !== 1 || medianScaling || protocol.fillInvalidPrediction || protocol.clamp !== protocol.replaceNonFinite;
  if (!inPlaceSteps) {
    // Nothing between the clamp and the metrics: clamp while scoring, skip a full-frame pass.
    const nonFinite = countNonFinite(source);
    const clampPrediction = protocol.clamp ? { min: lo, max: hi } : undefined;
    return { ...computeDepthMetrics(gt.data, source, { ...metricOptions, clampPrediction }), nonFinite, nonPositive: countNonPositive(source) };
  }
  const nonPositive = countNonPositive(source);
  const work = scratch.predBuffer(gt.data.length);
  if (source !== work) work.set(source);
  if (protocol.fillInvalidPrediction) fillInvalidPrediction(work, gt.height, gt.width);
  const nonFinite = protocol.replaceNonFinite ? replaceNonFinite(work, lo, hi) : countNonFinite(work);
  if (scale !== 1) scaleInPlace(work, scale);
  let medianRatio: number | undefined;
  if (medianScaling) {
    const ratio = medianScaleRatio(gt.data, work, resolveSelection(gt.data.length, selection), scratch.median);
    // monodepth2 multiplies by whatever np.median gave (NaN, ∞; with no valid pixel nothing is scored
    // anyway); depthkit's own names score such an image unscaled.
    if (Number.isFinite(ratio) || protocol.medianScaling) {
      scaleInPlace(work, ratio);
      medianRatio = ratio;
    }
  }
  if (protocol.clamp) clampDepth(work, lo, hi);
  const result = computeDepthMetrics(gt.data, work, metricOptions);
  return medianRatio === undefined ? { ...result, nonFinite, nonPositive } : { ...result, nonFinite, nonPositive, medianRatio };
}

function countNonPositive(values: Float32Array): number {
  let n = 0;
  for (let i = 0; i < values.length; i++) if (values[i] <= 0) n++;
  return n;
}

function checkShape(map: DepthMap, what: string): void {
  if (map.data.length !== map.width * map.height) {
    throw new Error(`${what}: expected ${map.height}×${map.width} = ${map.width * map.height} values, found ${map.data.length}`);
  }
}

/** The prediction at GT size: its own data when it already is (never written to), else a scratch buffer. */
function predictionAtGtSize(gt: DepthMap, pred: DepthMap, options: EvaluateOptions, scratch: EvalScratch, file: string): Float32Array {
  const out = scratch.predBuffer(gt.data.length);
  if (options.kbCrop) {
    try {
      return pasteKbCrop(pred, gt.height, gt.width, kbCropOf(options.protocol), out);
    } catch (error) {
      throw new Error(`${file}: ${(error as Error).message}`);
    }
  }
  if (pred.height === gt.height && pred.width === gt.width) return pred.data;
  if (pred.height === gt.width && pred.width === gt.height && gt.height !== gt.width) {
    throw new Error(`${file}: prediction is ${pred.height}×${pred.width} (H×W), the ground truth's ${gt.height}×${gt.width} transposed; ` +
      `expected ${gt.height} rows of ${gt.width} — write the prediction row-major as H×W${options.resize ? ' (--resize would only stretch the transposed map)' : ''}`);
  }
  const rule = options.protocol.resize ?? (options.resize ? 'bilinear' : null);
  if (rule === 'none') {
    throw new Error(`${file}: prediction is ${pred.height}×${pred.width} but ground truth is ${gt.height}×${gt.width}; protocol '${options.protocol.name}' scores predictions at GT size only`);
  }
  if (rule === null) {
    throw new Error(`${file}: prediction is ${pred.height}×${pred.width} but ground truth is ${gt.height}×${gt.width}; pass resize (--resize) to resize it bilinearly, or --kb-crop for a 352×1216 KITTI prediction`);
  }
  if (rule === 'nearest') return resizeNearest(pred.data, pred.height, pred.width, gt.height, gt.width, out);
  return resizeBilinear(pred.data, pred.height, pred.width, gt.height, gt.width, out, rule === 'bilinear-align-corners');
}

/** The protocol's crop and strict caps as a pixel selection on this GT. */
export function selectionFor(protocol: EvalProtocol, gt: { width: number; height: number }, file = 'image'): PixelSelection {
  const selection: PixelSelection = {
    width: gt.width,
    height: gt.height,
    // GT values are float32, so "gt >= cap" is "gt > the double just below cap".
    minDepth: protocol.minInclusive ? nextDouble(Math.fround(protocol.minDepth), -1) : Math.fround(protocol.minDepth),
    maxDepth: protocol.maxInclusive ? nextDouble(Math.fround(protocol.maxDepth), 1) : Math.fround(protocol.maxDepth),
  };
  if (protocol.crop === null) return selection;
  if (protocol.crop.kind === 'pixels') {
    // Pixel bounds only mean something at the resolution they were written for.
    const [h, w] = protocol.dataset.resolution.native;
    if (gt.height !== h || gt.width !== w) {
      throw new Error(`${file}: protocol '${protocol.name}' crops rows ${protocol.crop.rows.join(':')}, cols ${protocol.crop.cols.join(':')} of ${h}×${w} ground truth; found ${gt.height}×${gt.width}`);
    }
  }
  return { ...selection, region: cropRegion(protocol.crop, gt.height, gt.width) };
}

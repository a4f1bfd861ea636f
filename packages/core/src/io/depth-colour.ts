// Browser-safe: the CLI's colour PNGs and a page's depth canvas share these.
import { colourize, type ColormapName } from './colormap.js';
import type { DepthMap, RgbImage } from './image-types.js';

export interface DepthColourOptions {
  colormap?: ColormapName;
  /**
   * Colour by inverse depth (disparity), as monodepth2's figures do, so near structure gets the
   * colour range instead of the sky. Default true.
   */
  inverse?: boolean;
  /** Fixed range in the coloured quantity; default: min to the 95th percentile of valid pixels. */
  range?: [number, number];
}

/** A depth map as a colour image; pixels without depth (0, NaN) are black. */
export function colourizeDepth(depth: DepthMap, options: DepthColourOptions = {}): RgbImage {
  const { values, valid } = colouredQuantity(depth, options.inverse ?? true);
  const [min, max] = options.range ?? defaultRange(valid);
  return colourize(values, depth.width, depth.height, {
    colormap: options.colormap ?? 'magma',
    min,
    max,
    valid: (v) => !Number.isNaN(v),
  });
}

/**
 * The range `colourizeDepth` would use for this map: give it as `range` when colouring other
 * maps (predictions) so that one colour means one depth across a figure.
 */
export function depthColourRange(depth: DepthMap, inverse = true): [number, number] {
  return defaultRange(colouredQuantity(depth, inverse).valid);
}

function colouredQuantity(depth: DepthMap, inverse: boolean): { values: Float32Array; valid: number[] } {
  const values = new Float32Array(depth.data.length);
  const valid: number[] = [];
  for (let i = 0; i < values.length; i++) {
    const d = depth.data[i];
    values[i] = d > 0 && Number.isFinite(d) ? (inverse ? 1 / d : d) : Number.NaN;
    if (!Number.isNaN(values[i])) valid.push(values[i]);
  }
  return { values, valid };
}

export interface ErrorMapOptions {
  colormap?: ColormapName;
  /** `abs`: |pred − gt| in metres; `rel`: |pred − gt| / gt. Default `abs`. */
  kind?: 'abs' | 'rel';
  /** Error painted with the colour map's top colour; default the 95th percentile. */
  max?: number;
}

/** Per-pixel error of a prediction against GT; pixels without GT are black. */
export function colourizeError(prediction: DepthMap, groundTruth: DepthMap, options: ErrorMapOptions = {}): RgbImage {
  if (prediction.width !== groundTruth.width || prediction.height !== groundTruth.height) {
    throw new Error(
      `error map: prediction is ${prediction.width}×${prediction.height}, ground truth ${groundTruth.width}×${groundTruth.height}`,
    );
  }
  const kind = options.kind ?? 'abs';
  const errors = new Float32Array(groundTruth.data.length);
  const valid: number[] = [];
  for (let i = 0; i < errors.length; i++) {
    const gt = groundTruth.data[i];
    if (!(gt > 0) || !Number.isFinite(prediction.data[i])) {
      errors[i] = Number.NaN;
      continue;
    }
    const e = Math.abs(prediction.data[i] - gt);
    errors[i] = kind === 'rel' ? e / gt : e;
    valid.push(errors[i]);
  }
  return colourize(errors, groundTruth.width, groundTruth.height, {
    colormap: options.colormap ?? 'turbo',
    min: 0,
    max: options.max ?? defaultRange(valid)[1],
    valid: (v) => !Number.isNaN(v),
  });
}

function defaultRange(values: number[]): [number, number] {
  if (values.length === 0) return [0, 1];
  const sorted = Float64Array.from(values).sort();
  const top = sorted[Math.min(sorted.length - 1, Math.floor(0.95 * (sorted.length - 1)))];
  return [sorted[0], top > sorted[0] ? top : sorted[sorted.length - 1]];
}

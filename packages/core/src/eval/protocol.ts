import { kittiSpec } from '../datasets/kitti-spec.js';
import { nyuSpec } from '../datasets/nyu-spec.js';
import { synthiaSpec } from '../datasets/synthia-spec.js';
import type { CropSpec, DatasetSpec } from '../datasets/spec.js';
import type { SilogConvention } from '../metrics/silog.js';

/** How a prediction of another size reaches the GT's size (always prediction → GT). */
export type ResizeRule =
  /** Half-pixel centres: torch `align_corners=False`, cv2.resize INTER_LINEAR. */
  | 'bilinear'
  /** Corner pixels aligned: torch `F.interpolate(..., align_corners=True)`. */
  | 'bilinear-align-corners'
  /** torch `mode='nearest'`: source index floor(dst · in/out). */
  | 'nearest'
  /** A prediction of another size is an error (the KITTI devkit). */
  | 'none';

/** Steps a protocol can take, listed in `order` as its reference code applies them. */
export type ProtocolStep =
  | 'kb-paste' | 'resize' | 'fill-invalid' | 'non-finite' | 'scale' | 'mask' | 'median-scaling' | 'clamp' | 'min-valid' | 'metrics';

/**
 * What one published evaluation does, as data. Dataset facts (caps, crops, depth scale) are
 * named, not restated: `caps: 'spec'` means the dataset spec's minDepth/maxDepth and `crop`
 * names one of the spec's crops.
 */
export interface ProtocolDefinition {
  dataset: DatasetSpec;
  /** The public file and function the settings were read from. */
  follows: string;
  /** One of the dataset spec's crops, or null for the whole image. */
  crop: string | null;
  /** 'spec': the spec's minDepth/maxDepth; 'positive': gt > 0 only, no upper cap (KITTI devkit). */
  caps: 'spec' | 'positive';
  minInclusive: boolean;
  maxInclusive: boolean;
  /** Predictions clamped to [minDepth, maxDepth] before scoring. */
  clamp: boolean;
  /** +∞ → max, NaN/−∞ → min before scoring ('keep': they reach the metrics as they are). */
  replaceNonFinite: boolean;
  /** KITTI devkit: prediction pixels ≤ 0 are holes, filled by `interpolateBackground`. */
  fillInvalidPrediction: boolean;
  /** null: only with `--resize`, bilinear (depthkit's own names, as before). */
  resize: ResizeRule | null;
  /** Images with fewer valid pixels are left out of the mean. */
  minValidPixels: number;
  medianScaling: boolean;
  /** null: whatever `--silog` says (depthkit's own names, as before). */
  silog: SilogConvention | null;
  /** sq_rel divides by gt (BTS and most papers) or gt² (KITTI devkit sqErrorRel). */
  sqRel: 'gt' | 'gt-squared';
  /** δ = max(gt/pred, pred/gt) rounded to float32 (numpy/torch float32 arrays) or kept in float64. */
  deltaPrecision: 'float32' | 'float64';
  /** How the reference sums per-pixel terms; depthkit sums in float64 (differences < 1e-6 relative). */
  referenceAccumulation: string;
  order: readonly ProtocolStep[];
  /** For depthkit's own names: what they stand for. */
  note?: string;
}

const mainOrder = ['resize', 'non-finite', 'clamp', 'mask', 'metrics'] as const;

/** Strict caps, clamp, float32 δ: BTS and every script that copied its compute_errors. */
const btsLike = {
  caps: 'spec', minInclusive: false, maxInclusive: false, clamp: true, replaceNonFinite: true,
  fillInvalidPrediction: false, minValidPixels: 1, medianScaling: false, silog: 'bts', sqRel: 'gt',
  deltaPrecision: 'float32', referenceAccumulation: 'float32 (numpy pairwise mean)', order: mainOrder,
} as const;

/** depthkit's names before issue 21: strict caps, clamp, δ in float64, SILog and resize from flags. */
const legacy = {
  ...btsLike, resize: null, silog: null, deltaPrecision: 'float64', referenceAccumulation: 'float64',
  order: ['kb-paste', 'resize', 'non-finite', 'scale', 'mask', 'median-scaling', 'clamp', 'metrics'],
} as const;

const definitions = {
  'kitti-garg': { ...legacy, dataset: kittiSpec, crop: 'garg', follows: 'cleinc/bts utils/eval_with_pngs.py (depthkit default, δ in float64)', note: 'depthkit default for KITTI' },
  'kitti-eigen': { ...legacy, dataset: kittiSpec, crop: 'eigen', follows: 'cleinc/bts utils/eval_with_pngs.py --eigen_crop (δ in float64)' },
  'kitti-none': { ...legacy, dataset: kittiSpec, crop: null, follows: 'cleinc/bts utils/eval_with_pngs.py, no crop (δ in float64)' },
  nyu: { ...legacy, dataset: nyuSpec, crop: 'eigen', follows: 'cleinc/bts utils/eval_with_pngs.py, NYU Eigen crop (depthkit default, δ in float64)', note: 'depthkit default for NYU' },
  'nyu-none': { ...legacy, dataset: nyuSpec, crop: null, follows: 'cleinc/bts utils/eval_with_pngs.py, no crop (δ in float64)' },
  // Whole rendered frames under the spec's 80 m cap (no official SYNTHIA depth protocol exists).
  synthia: { ...legacy, dataset: synthiaSpec, crop: 'full', follows: 'depthkit (no published SYNTHIA depth protocol)' },

  // cleinc/bts pytorch/bts_eval.py `test` + utils/eval_with_pngs.py `eval`/`compute_errors`: inf → max,
  // clamp, min < gt < max, Garg crop (KITTI) / rows 45:471 cols 41:601 (NYU); float32 arrays throughout,
  // so thresh = np.maximum(gt / pred, pred / gt) is float32. BTS predicts at GT size (KB paste), no resize.
  'bts-kitti': { ...btsLike, dataset: kittiSpec, crop: 'garg', resize: 'bilinear', follows: 'cleinc/bts utils/eval_with_pngs.py eval() + compute_errors()' },
  'bts-nyu': { ...btsLike, dataset: nyuSpec, crop: 'eigen', resize: 'bilinear', follows: 'cleinc/bts utils/eval_with_pngs.py eval() + compute_errors()' },

  // nianticlabs/monodepth2 evaluate_depth.py `evaluate` + layers.py `compute_errors`: cv2.resize (half-pixel
  // bilinear) to GT size, mask min < gt < max and Garg crop ("eigen" split), pred *= median(gt)/median(pred)
  // on the masked pixels (skipped with --disable_median_scaling), then clamp; float32 arrays.
  'monodepth2-eigen': {
    ...btsLike, dataset: kittiSpec, crop: 'garg', resize: 'bilinear', medianScaling: true, replaceNonFinite: false,
    order: ['resize', 'mask', 'median-scaling', 'clamp', 'metrics'],
    follows: 'nianticlabs/monodepth2 evaluate_depth.py evaluate() + layers.py compute_errors()',
  },
  'monodepth2-eigen-no-median': {
    ...btsLike, dataset: kittiSpec, crop: 'garg', resize: 'bilinear', replaceNonFinite: false,
    order: ['resize', 'mask', 'clamp', 'metrics'],
    follows: 'nianticlabs/monodepth2 evaluate_depth.py evaluate() --disable_median_scaling',
  },

  // shariqfarooq123/AdaBins evaluate.py `eval` + `compute_errors`: prediction upsampled with
  // align_corners=True; the clamp lines are commented out — only inf → max, nan → min; strict caps;
  // Garg crop (args_test_kitti_eigen) / NYU rows 45:471 cols 41:601.
  'adabins-kitti': {
    ...btsLike, dataset: kittiSpec, crop: 'garg', resize: 'bilinear-align-corners', clamp: false,
    order: ['resize', 'non-finite', 'mask', 'metrics'], follows: 'shariqfarooq123/AdaBins evaluate.py eval() + compute_errors()',
  },
  'adabins-nyu': {
    ...btsLike, dataset: nyuSpec, crop: 'eigen', resize: 'bilinear-align-corners', clamp: false,
    order: ['resize', 'non-finite', 'mask', 'metrics'], follows: 'shariqfarooq123/AdaBins evaluate.py eval() + compute_errors()',
  },

  // isl-org/ZoeDepth zoedepth/utils/misc.py `compute_metrics` + `compute_errors`: resize with
  // align_corners=True, clamp, inf → max, nan → min, strict caps; config: KITTI garg_crop, NYU eigen_crop.
  'zoedepth-kitti': {
    ...btsLike, dataset: kittiSpec, crop: 'garg', resize: 'bilinear-align-corners', follows: 'isl-org/ZoeDepth zoedepth/utils/misc.py compute_metrics() + compute_errors()',
  },
  'zoedepth-nyu': {
    ...btsLike, dataset: nyuSpec, crop: 'eigen', resize: 'bilinear-align-corners', follows: 'isl-org/ZoeDepth zoedepth/utils/misc.py compute_metrics() + compute_errors()',
  },

  // DepthAnything/Depth-Anything-V2 metric_depth/train.py (validation loop) + util/metric.py `eval_depth`:
  // F.interpolate(..., align_corners=True), valid = min <= gt <= max (both inclusive), no crop, no clamp,
  // images with valid_mask.sum() < 10 skipped, SILog sqrt(mean(d²) − 0.5·mean(d)²); torch float32.
  'depth-anything-v2-kitti': {
    dataset: kittiSpec, crop: null, caps: 'spec', minInclusive: true, maxInclusive: true, clamp: false, replaceNonFinite: false,
    fillInvalidPrediction: false, resize: 'bilinear-align-corners', minValidPixels: 10, medianScaling: false,
    silog: 'depth-anything-v2', sqRel: 'gt', deltaPrecision: 'float32', referenceAccumulation: 'float32 (torch mean)',
    order: ['resize', 'mask', 'min-valid', 'metrics'], follows: 'DepthAnything/Depth-Anything-V2 metric_depth/train.py validation + util/metric.py eval_depth()',
  },
  'depth-anything-v2-nyu': {
    dataset: nyuSpec, crop: null, caps: 'spec', minInclusive: true, maxInclusive: true, clamp: false, replaceNonFinite: false,
    fillInvalidPrediction: false, resize: 'bilinear-align-corners', minValidPixels: 10, medianScaling: false,
    silog: 'depth-anything-v2', sqRel: 'gt', deltaPrecision: 'float32', referenceAccumulation: 'float32 (torch mean)',
    order: ['resize', 'mask', 'min-valid', 'metrics'], follows: 'DepthAnything/Depth-Anything-V2 metric_depth/train.py validation + util/metric.py eval_depth()',
  },

  // lpiccinelli-eth/UniDepth unidepth/utils/evaluation_depth.py `eval_depth` + DICT_METRICS:
  // F.interpolate(mode="bilinear") (align_corners False), mask ∧ gt <= max_depth (upper cap inclusive,
  // dataset mask gt > min), no crop, no clamp, `delta` in float32, SILog 100·torch.std (n − 1).
  'unidepth-kitti': {
    dataset: kittiSpec, crop: null, caps: 'spec', minInclusive: false, maxInclusive: true, clamp: false, replaceNonFinite: false,
    fillInvalidPrediction: false, resize: 'bilinear', minValidPixels: 1, medianScaling: false,
    silog: 'unidepth', sqRel: 'gt', deltaPrecision: 'float32', referenceAccumulation: 'float32 (torch mean)',
    order: ['resize', 'mask', 'metrics'], follows: 'lpiccinelli-eth/UniDepth unidepth/utils/evaluation_depth.py eval_depth() + DICT_METRICS',
  },
  'unidepth-nyu': {
    dataset: nyuSpec, crop: null, caps: 'spec', minInclusive: false, maxInclusive: true, clamp: false, replaceNonFinite: false,
    fillInvalidPrediction: false, resize: 'bilinear', minValidPixels: 1, medianScaling: false,
    silog: 'unidepth', sqRel: 'gt', deltaPrecision: 'float32', referenceAccumulation: 'float32 (torch mean)',
    order: ['resize', 'mask', 'metrics'], follows: 'lpiccinelli-eth/UniDepth unidepth/utils/evaluation_depth.py eval_depth() + DICT_METRICS',
  },

  // KITTI depth-prediction devkit, devkit/cpp/evaluate_depth.cpp `depthError` (+ io_depth.h
  // `interpolateBackground`): GT valid where > 0 (no caps, no crop), prediction holes (≤ 0) filled from
  // their row/column neighbours, same size required; SILog = sqrt(Σd²/n − (Σd)²/n²) (×100 as the
  // leaderboard shows it), sqErrorRel = mean((gt − pred)²/gt²), absErrorRel, iRMSE in 1/km.
  'kitti-benchmark': {
    dataset: kittiSpec, crop: null, caps: 'positive', minInclusive: false, maxInclusive: false, clamp: false, replaceNonFinite: false,
    fillInvalidPrediction: true, resize: 'none', minValidPixels: 1, medianScaling: false,
    silog: 'kitti-benchmark', sqRel: 'gt-squared', deltaPrecision: 'float32', referenceAccumulation: 'float32 (C++ float, sequential)',
    order: ['fill-invalid', 'mask', 'metrics'], follows: 'KITTI depth devkit devkit/cpp/evaluate_depth.cpp depthError() + io_depth.h interpolateBackground()',
  },
} as const satisfies Record<string, ProtocolDefinition>;

export type ProtocolName = keyof typeof definitions;
export const protocolNames = Object.keys(definitions) as ProtocolName[];
/** depthkit's names from before the published protocols; they keep their meaning. */
export const aliasProtocolNames: readonly ProtocolName[] = ['kitti-garg', 'kitti-eigen', 'kitti-none', 'nyu', 'nyu-none', 'synthia'];

/** A protocol resolved against its dataset spec: every number it needs, ready to apply. */
export interface EvalProtocol extends Omit<ProtocolDefinition, 'crop' | 'dataset'> {
  name: ProtocolName;
  dataset: DatasetSpec;
  /** Name of the dataset crop, or null for the whole image. */
  cropName: string | null;
  crop: CropSpec | null;
  minDepth: number;
  maxDepth: number;
  /** Stored PNG value ÷ depthScale = metres. */
  depthScale: number;
}

export function parseProtocolName(value: string, source: string): ProtocolName {
  if ((protocolNames as string[]).includes(value)) return value as ProtocolName;
  throw new Error(`${source}: unknown protocol '${value}'; expected one of ${protocolNames.join(', ')}`);
}

export function protocolDefinition(name: ProtocolName): ProtocolDefinition {
  const definition: ProtocolDefinition | undefined = definitions[name];
  if (definition === undefined) throw new Error(`unknown protocol '${name}'; expected one of ${protocolNames.join(', ')}`);
  return definition;
}

export function getProtocol(name: ProtocolName): EvalProtocol {
  const { dataset: spec, crop: cropName, ...settings } = protocolDefinition(name);
  const crop = cropName === null ? null : spec.crops[cropName];
  if (cropName !== null && crop === undefined) {
    throw new Error(`protocol '${name}': dataset '${spec.name}' has no crop '${cropName}'`);
  }
  const positive = settings.caps === 'positive';
  return {
    ...settings,
    name,
    dataset: spec,
    cropName,
    crop: crop ?? null,
    minDepth: positive ? 0 : spec.minDepth,
    maxDepth: positive ? Number.POSITIVE_INFINITY : spec.maxDepth,
    depthScale: spec.depthScale,
  };
}

/** Every protocol scoring this dataset, depthkit's own names first. */
export function protocolsForDataset(spec: DatasetSpec): ProtocolName[] {
  return protocolNames.filter((n) => definitions[n].dataset.name === spec.name);
}

/** The protocol a command uses for a dataset when none is given: the spec's default crop. */
export function defaultProtocolName(spec: DatasetSpec): ProtocolName {
  const name = aliasProtocolNames.find((n) => definitions[n].dataset.name === spec.name && definitions[n].crop === spec.defaultCrop);
  if (name === undefined) throw new Error(`no evaluation protocol uses dataset '${spec.name}' with its default crop '${spec.defaultCrop}'`);
  return name;
}

/** The dataset's KB crop, for `--kb-crop`; an error naming the dataset when it has none. */
export function kbCropOf(protocol: EvalProtocol): { height: number; width: number } {
  const kb = Object.values(protocol.dataset.crops).find((c) => c.kind === 'kb');
  if (kb === undefined || kb.kind !== 'kb') {
    throw new Error(`protocol '${protocol.name}': dataset '${protocol.dataset.name}' defines no KB crop`);
  }
  return { height: kb.height, width: kb.width };
}

/** The settings that decide the numbers, flat, for results.json and `--list-protocols`. */
export function protocolSettings(p: EvalProtocol): Record<string, string | number | boolean | null> {
  return {
    dataset: p.dataset.name,
    crop: p.cropName,
    minDepth: p.minDepth,
    minInclusive: p.minInclusive,
    maxDepth: p.maxDepth,
    maxInclusive: p.maxInclusive,
    clamp: p.clamp,
    replaceNonFinite: p.replaceNonFinite,
    fillInvalidPrediction: p.fillInvalidPrediction,
    resize: p.resize ?? 'bilinear with --resize',
    minValidPixels: p.minValidPixels,
    medianScaling: p.medianScaling,
    silog: p.silog ?? '--silog (bts)',
    sqRel: p.sqRel,
    deltaPrecision: p.deltaPrecision,
    referenceAccumulation: p.referenceAccumulation,
    order: p.order.join(' > '),
    follows: p.follows,
  };
}

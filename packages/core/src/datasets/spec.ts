/**
 * Dataset facts — depth encoding, caps, crops, splits, intrinsics, resolutions — live here,
 * once. Methods, the evaluation protocol and the bench read them; nothing restates them.
 */

/** Evaluation crop. `fraction` bounds are multiplied by H/W and truncated as Python's int(). */
export type CropSpec =
  | { kind: 'fraction'; rows: [number, number]; cols: [number, number] }
  | { kind: 'pixels'; rows: [number, number]; cols: [number, number] }
  /** Prediction pasted into the centre-bottom of a zero map (KITTI's 352×1216 KB crop). */
  | { kind: 'kb'; height: number; width: number };

export interface SplitSpec {
  /** Human description, shown in reports. */
  description: string;
  /** File name of the bundled list, relative to the package's `splits/` folder. */
  listFile?: string;
  /** Number of entries the official list has (used to check a user's copy). */
  size?: number;
  /** Which ground truth the split is evaluated on. */
  groundTruth: string;
  /**
   * Name of the split's list inside a data folder's own `splits/` directory (where
   * `depthkit synth` writes it and where users may keep theirs); preferred over the bundled one.
   */
  localListFile?: string;
}

export interface Intrinsics {
  fx: number;
  fy: number;
  cx: number;
  cy: number;
}

/** Half-open pixel ranges of an image's real content inside a constant-colour frame. */
export interface BorderSpec {
  rows: [number, number];
  cols: [number, number];
  colour: 'black' | 'white';
  note: string;
}

/** Semantic labels stored with a dataset, and how a method may group them. */
export interface LabelSpec {
  /** Class names indexed by the stored label id. */
  classes: readonly string[];
  /** Named groups of class ids (segment-depth's four object groups). */
  groups?: Record<string, readonly number[]>;
}

export interface DatasetSpec {
  name: string;
  /** Stored depth value ÷ depthScale = metres (KITTI PNG 256, NYU PNG 1000). */
  depthScale: number;
  /** Valid GT is strictly inside (minDepth, maxDepth); predictions are clamped to it. */
  minDepth: number;
  maxDepth: number;
  crops: Record<string, CropSpec>;
  /** Crop the dataset's default protocol uses. */
  defaultCrop: string;
  splits: Record<string, SplitSpec>;
  defaultSplits: { train: string; test: string };
  /** Where intrinsics come from; fixed ones are given here. */
  intrinsics: { source: 'calibration-files' | 'fixed'; fixed?: Intrinsics };
  resolution: { native: [number, number]; train: [number, number]; test: [number, number] };
  /** Constant-colour frames around the images, per on-disk layout. */
  borders?: Record<string, BorderSpec>;
  labels?: LabelSpec;
}

export function defineDatasetSpec<const T extends DatasetSpec>(spec: T): T {
  if (!(spec.minDepth < spec.maxDepth)) {
    throw new Error(`dataset spec '${spec.name}': minDepth ${spec.minDepth} must be below maxDepth ${spec.maxDepth}`);
  }
  for (const role of ['train', 'test'] as const) {
    const split = spec.defaultSplits[role];
    if (!(split in spec.splits)) {
      throw new Error(`dataset spec '${spec.name}': default ${role} split '${split}' is not among its splits`);
    }
  }
  if (!(spec.defaultCrop in spec.crops)) {
    throw new Error(`dataset spec '${spec.name}': default crop '${spec.defaultCrop}' is not among its crops`);
  }
  return spec;
}

/**
 * Table 6's training rows: which branches exist and which loss the classification branch uses.
 * `reg` has no classification branch; `hard-cl` / `soft-cl` have no regression branch.
 */
export type DsSidenetTask = 'reg' | 'hard-cl' | 'soft-cl' | 'hard-cl+reg' | 'soft-cl+reg';

/** Every knob of DS-SIDENet; presets set them, the CLI records them with the trained model. */
export interface DsSidenetConfig {
  /**
   * Table 1's two encoders: `low` sub-samples in Blocks 3–5 to 1/32 and ends with 512 channels
   * (NYU, the coarse router); `high` keeps stride 1 from Block 3 (1/4) and ends with 128 (KITTI).
   */
  range: 'low' | 'high';
  /** Eq. (1): the depth range [α, β] (metres) quantised uniformly in log10 into K bins (K + 1 classes). */
  alpha: number;
  beta: number;
  bins: number;
  /** Table 6's training column. The paper's network is `soft-cl+reg`. */
  task: DsSidenetTask;
  /** Table 6's testing column: the branch `predict` reads (the paper: `cls`). */
  testBranch: 'cls' | 'reg';
  /** Eq. (3) weights of the classification and regression terms (the paper: 1 and 1). */
  w1: number;
  w2: number;
  /** Table 7: the upproj-con skip connections from the encoder and from the resized RGB input. */
  skipEncoder: boolean;
  skipRgb: boolean;
  /**
   * Decoder block 3 of the high-range network: `sam` (the paper, Table 8 "+SAM Block 3") or a
   * plain `upproj-con` with t = 1 (Table 8's "noSHG/SAM"). The low-range network always uses upproj-con.
   */
  highBlock3: 'sam' | 'upproj-con';
  /** Number of stacked AM modules in SAM (AMNet: 3). */
  samModules: number;
  /** Dilation rates of the 3×3 convolutions inside one AM module (see README, "SAM"). */
  amDilations: number[];
  /**
   * Multiplies every channel count of Tables 1 and 2. 1 is the paper's network; only the CI
   * presets shrink it (the shape test checks 1).
   */
  widthScale: number;
}

export const defaultConfig: DsSidenetConfig = {
  range: 'low',
  alpha: 0.5,
  beta: 10,
  bins: 80,
  task: 'soft-cl+reg',
  testBranch: 'cls',
  w1: 1,
  w2: 1,
  skipEncoder: true,
  skipRgb: true,
  highBlock3: 'sam',
  samModules: 3,
  amDilations: [1, 2, 2, 4, 4, 8, 8, 16, 16, 1],
  widthScale: 1,
};

export function hasClassification(config: Pick<DsSidenetConfig, 'task'>): boolean {
  return config.task !== 'reg';
}

export function hasRegression(config: Pick<DsSidenetConfig, 'task'>): boolean {
  return config.task === 'reg' || config.task.endsWith('+reg');
}

/** Refuses configurations that cannot be built or trained, naming the field. */
export function validateConfig(config: DsSidenetConfig): void {
  if (!(config.alpha > 0 && config.beta > config.alpha)) {
    throw new Error(`ds-sidenet: expected 0 < alpha < beta, got alpha=${config.alpha}, beta=${config.beta}`);
  }
  if (!(Number.isInteger(config.bins) && config.bins >= 1)) throw new Error(`ds-sidenet: bins must be an integer ≥ 1, got ${config.bins}`);
  if (config.testBranch === 'cls' && !hasClassification(config)) {
    throw new Error(`ds-sidenet: testBranch 'cls' needs a classification branch, but task '${config.task}' trains only regression`);
  }
  if (config.testBranch === 'reg' && !hasRegression(config)) {
    throw new Error(`ds-sidenet: testBranch 'reg' needs a regression branch, but task '${config.task}' has none`);
  }
  if (!(config.widthScale > 0 && config.widthScale <= 1)) throw new Error(`ds-sidenet: widthScale must be in (0, 1], got ${config.widthScale}`);
  if (!(Number.isInteger(config.samModules) && config.samModules >= 1)) throw new Error(`ds-sidenet: samModules must be an integer ≥ 1, got ${config.samModules}`);
}

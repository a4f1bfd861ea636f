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
  /**
   * Table 6's testing column: the branch `predict` reads (the paper: `cls`); `fused` reads the
   * fusion network's output (needs `fusion`).
   */
  testBranch: 'cls' | 'reg' | 'fused';
  /** Eq. (3) weights of the classification and regression terms (the paper: 1 and 1). */
  w1: number;
  w2: number;
  /** Table 7: the upproj-con skip connections from the encoder and from the resized RGB input. */
  skipEncoder: boolean;
  skipRgb: boolean;
  /**
   * Table 8: the high-range decoder's context module — `sam` (the paper's network), `shg`
   * (PSMNet's stacked hourglass) or `none` (every block an upproj-con, "noSHG/SAM"). The
   * low-range network has none (the paper tried it there without gain; depthkit does not offer it).
   */
  contextModule: ContextModule;
  /**
   * Table 8's "Block" column: where the context module sits. 3 (the paper's choice) replaces
   * decoder block 3 and keeps its input's channels (Table 2: SAM 32 × W/4 × H/4); 4 or 5 runs it
   * after that block's ×2 up-projection, at W/2 × H/2 or W × H (block 3 is then an upproj-con).
   */
  contextBlock: 3 | 4 | 5;
  /** Number of stacked AM modules in SAM (AMNet: 3). */
  samModules: number;
  /** Number of stacked hourglasses in SHG (PSMNet: 3). */
  shgModules: number;
  /** Dilation rates of the 3×3 convolutions inside one AM module (see README, "SAM"). */
  amDilations: number[];
  /**
   * Multiplies every channel count of Tables 1 and 2. 1 is the paper's network; only the CI
   * presets shrink it (the shape test checks 1).
   */
  widthScale: number;
  /**
   * [height, width] the network was trained on after zero padding (§5.1: KITTI → 384 × 1248 for
   * the high-range network), or null. When set, predict zero-pads every smaller input the same
   * way (rows on top, columns centred, black pixels) and crops the depth back; inputs larger than
   * it are predicted at their own size, edge-padded to the network's stride (see README).
   */
  padTo: [number, number] | null;
  /**
   * §5.3.1's last paragraph: a fusion network over the two branches' outputs (CNF, the paper's
   * [22]), trained with them and read by `testBranch: 'fused'`. Needs both branches (`*-cl+reg`).
   */
  fusion: boolean;
  /** Channels of the fusion layers' hidden convolutions (depthkit's choice; not scaled by widthScale). */
  fusionChannels: number;
  /** Weight of the fused output's L1 term, added to eq. (3) when `fusion` is on. */
  w3: number;
}

export type ContextModule = 'sam' | 'shg' | 'none';

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
  contextModule: 'sam',
  contextBlock: 3,
  samModules: 3,
  shgModules: 3,
  amDilations: [1, 2, 2, 4, 4, 8, 8, 16, 16, 1],
  widthScale: 1,
  padTo: null,
  fusion: false,
  fusionChannels: 16,
  w3: 1,
};

/**
 * A config as recorded with a model, brought to the current fields: knobs added since it was
 * saved take their defaults (the network they describe is unchanged by them), and the former
 * `highBlock3: 'upproj-con'` becomes `contextModule: 'none'`.
 */
export function withConfigDefaults(config: DsSidenetConfig): DsSidenetConfig {
  const legacy = (config as { highBlock3?: string }).highBlock3;
  const filled: DsSidenetConfig & { highBlock3?: string } = {
    ...config,
    contextModule: config.contextModule ?? (legacy === 'upproj-con' ? 'none' : defaultConfig.contextModule),
    contextBlock: config.contextBlock ?? defaultConfig.contextBlock,
    shgModules: config.shgModules ?? defaultConfig.shgModules,
    padTo: config.padTo ?? null,
    fusion: config.fusion ?? defaultConfig.fusion,
    fusionChannels: config.fusionChannels ?? defaultConfig.fusionChannels,
    w3: config.w3 ?? defaultConfig.w3,
  };
  delete filled.highBlock3;
  return filled;
}

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
  if (config.fusion && !(hasClassification(config) && hasRegression(config))) {
    throw new Error(`ds-sidenet: fusion fuses both branches' outputs, but task '${config.task}' trains one branch; use 'soft-cl+reg' or 'hard-cl+reg'`);
  }
  if (config.testBranch === 'fused' && !config.fusion) throw new Error("ds-sidenet: testBranch 'fused' needs fusion: true");
  if (config.fusion && !(Number.isInteger(config.fusionChannels) && config.fusionChannels >= 1)) {
    throw new Error(`ds-sidenet: fusionChannels must be an integer ≥ 1, got ${config.fusionChannels}`);
  }
  if (!(config.widthScale > 0 && config.widthScale <= 1)) throw new Error(`ds-sidenet: widthScale must be in (0, 1], got ${config.widthScale}`);
  if (!(Number.isInteger(config.samModules) && config.samModules >= 1)) throw new Error(`ds-sidenet: samModules must be an integer ≥ 1, got ${config.samModules}`);
  if (!(Number.isInteger(config.shgModules) && config.shgModules >= 1)) throw new Error(`ds-sidenet: shgModules must be an integer ≥ 1, got ${config.shgModules}`);
  if (!['sam', 'shg', 'none'].includes(config.contextModule)) throw new Error(`ds-sidenet: contextModule must be 'sam', 'shg' or 'none', got '${config.contextModule}'`);
  if (![3, 4, 5].includes(config.contextBlock)) throw new Error(`ds-sidenet: contextBlock must be 3, 4 or 5 (Table 8's decoder blocks), got ${config.contextBlock}`);
  if (config.padTo != null) {
    const stride = networkStride(config);
    const [h, w] = config.padTo;
    if (!(h > 0 && w > 0 && h % stride === 0 && w % stride === 0)) {
      throw new Error(`ds-sidenet: padTo must be [height, width], both positive multiples of the network's stride ${stride}, got [${config.padTo.join(', ')}]`);
    }
  }
}

/**
 * What input sides must be multiples of: the encoder's down-sampling (Table 1: 32 low, 4 high),
 * times 4 at the resolution an SHG runs at (its two stride-2 levels must halve evenly).
 */
export function networkStride(config: Pick<DsSidenetConfig, 'range' | 'contextModule' | 'contextBlock'>): number {
  if (config.range === 'low') return 32;
  if (config.contextModule !== 'shg') return 4;
  const featureStride = { 3: 4, 4: 2, 5: 1 }[config.contextBlock];
  return Math.max(4, featureStride * 4);
}

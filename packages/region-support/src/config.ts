/** Algorithm 1 (the modified mean-shift), whose text the paper lost: depthkit's reading, every part a knob. */
export interface MeanShiftConfig {
  /** Shift iterations (§3.1.2: "we only shift the clustering center for twice"). */
  iterations: number;
  /** Seeds per image, taken on a regular pixel grid (deterministic, spread over the image). */
  seeds: number;
  /** The flat kernel's L1 radius as a multiple of δ_v (the bandwidth δ_v: 1). */
  kernelRadius: number;
  /** Centres closer than this × δ_v (L1) are fused, the better supported one kept (the paper: δ_v). */
  fuseDistance: number;
  /**
   * null (default): every pixel joins its nearest kept centre — §3.2 names only one source of
   * unlabelled pixels, more than 80 regions. A number r: pixels farther than r·δ_v from every
   * centre stay unlabelled (2 = L_rw's push margin 2δ_v, depthkit's earlier reading).
   */
  assignRadius: number | null;
  /** At most this many regions; pixels of the others stay unlabelled (§3.2: 80). */
  maxRegions: number;
  /** Shift windows average every k-th pixel along each axis (assignment uses every pixel). */
  sampleStride: number;
  /** A centre whose last window held fewer sampled pixels is noise, not a region. */
  minSupport: number;
}

/** Every knob of region-support depth inference; presets set them, the CLI records them with the model. */
export interface RegionSupportConfig {
  /** Predicted depth is clipped to (0, maxDepth]; the dataset spec's cap. */
  maxDepth: number;
  /** Initial-depth head bias: log of this depth, so training starts at a plausible scale. */
  depthPrior: number;
  /** Basic residual blocks per stage (§3.1.1: 4, 10, 5, 5). */
  blocks: [number, number, number, number];
  /** Channels per stage (the paper gives none; PSMNet-like 32, 64, 128, 128). */
  stageChannels: [number, number, number, number];
  /** Pooled sizes of the spatial pyramid as fractions 1/k of the input (§3.1.1: 8, 20, 80, 240). */
  pyramidFractions: number[];
  /** Resizing the pooled maps back: §3.1.1 says bilinear, §3.4 nearest. */
  pyramidInterpolation: 'bilinear' | 'nearest';
  /** Output channels of the two de-convolution units (1/2, then full resolution). */
  decoderChannels: [number, number];
  /** Channels of the first three of the four clustering convs (the fourth outputs `embeddingDim`). */
  clusterChannels: [number, number, number];
  /** Embedding channels (§3.1.2: 16). */
  embeddingDim: number;
  meanShift: MeanShiftConfig;
  /** Channels of the four residual units and the first two conv units of the initial-depth head. */
  depthChannels: [number, number, number, number, number, number];
  /** Channels of the first four conv units of each refinement (the fifth outputs one channel). */
  refineChannels: [number, number, number, number];
  /** δ_v before training (§3.1.3: 0.16). */
  deltaV0: number;
  /** λ of δ_v's exponential average (§3.1.3: 0.99). */
  deltaVMomentum: number;
  /** Eq. 2's push margin as a multiple of δ_v (4). */
  pushMargin: number;
  /** Eq. 5's push margin as a multiple of δ_v (2). */
  rwPushMargin: number;
  /** δ_d = (max D − min D) / this (§3.1.3: 20). */
  depthRangeDivisor: number;
  /** Instances spanning more than δ_d are cut into depth bands this many δ_d wide. */
  bandWidth: number;
  /**
   * Which clustering loss trains the embedding: 'discriminative' (eqs. 1–2, needs instance
   * maps), 'rw' (eqs. 3–5, depth only), 'auto': discriminative when the batch has instances.
   */
  clusterLoss: 'auto' | 'discriminative' | 'rw';
  /**
   * L_rw on pixels the mean-shift left unlabelled: 'region' treats them as one more region (so an
   * untrained embedding, in which the mean-shift finds nothing, still gets a gradient and δ_v a
   * δ_c), 'ignore' leaves them out.
   */
  rwUnlabelled: 'region' | 'ignore';
  /** Weight of the clustering loss beside berHu. */
  clusterWeight: number;
  /** berHu's c = this × max residual (Laina: 0.2). */
  berhuThreshold: number;
  /** Depth maps berHu supervises (the paper: the refinement's output, i.e. the final depth). */
  depthLossOn: Array<'final' | 'initial' | 'variance' | 'target'>;
  /**
   * How the network averages depth, which it carries as log metres: 'metres' takes §3.2's
   * "mean depth of each region" and §3.3's "simple average fusion" of depths, i.e.
   * log(mean(exp ·)); 'log' averages the logs (geometric means). Missing in a saved config:
   * 'log', what models saved before the switch were trained with.
   */
  depthMean?: 'metres' | 'log';
}

export const defaultMeanShift: MeanShiftConfig = {
  iterations: 2,
  seeds: 128,
  kernelRadius: 1,
  fuseDistance: 1,
  assignRadius: null,
  maxRegions: 80,
  sampleStride: 4,
  minSupport: 3,
};

export const defaultConfig: RegionSupportConfig = {
  maxDepth: 80,
  depthPrior: 20,
  blocks: [4, 10, 5, 5],
  stageChannels: [32, 64, 128, 128],
  pyramidFractions: [8, 20, 80, 240],
  pyramidInterpolation: 'nearest',
  decoderChannels: [64, 32],
  clusterChannels: [32, 32, 32],
  embeddingDim: 16,
  meanShift: defaultMeanShift,
  depthChannels: [32, 32, 32, 32, 16, 8],
  refineChannels: [32, 32, 16, 8],
  deltaV0: 0.16,
  deltaVMomentum: 0.99,
  pushMargin: 4,
  rwPushMargin: 2,
  depthRangeDivisor: 20,
  bandWidth: 2,
  clusterLoss: 'auto',
  rwUnlabelled: 'region',
  clusterWeight: 1,
  berhuThreshold: 0.2,
  depthLossOn: ['final'],
  depthMean: 'metres',
};

/** Table 1's three models: one network on the whole scene, generators told their segment by the loss only, or the full model. */
export type SegmentDepthMode = 'direct' | 'implicit' | 'explicit';

/** Label vocabularies a class → group mapping is resolved against. */
export type LabelSet = 'synthia' | 'cityscapes';

/** Class names of the first three object groups; every other id of the label set is L4 (background). */
export interface ObjectGroups {
  /** L1: small and narrow foreground objects. */
  foreground: string[];
  /** L2: flat surfaces. */
  flat: string[];
  /** L3: vegetation. */
  vegetation: string[];
}

/** Every knob of segment-depth; presets set them, the CLI records them with the trained model. */
export interface SegmentDepthConfig {
  mode: SegmentDepthMode;
  /** Depth is regressed as a fraction of this (metres): the dataset spec's cap. */
  maxDepth: number;
  /**
   * Encoder widths of every U-Net (S_n and G_n), one 4×4 stride-2 conv–BN–LeakyReLU per entry;
   * the decoder mirrors them. pix2pix's generator is [64, 128, 256, 512, 512, 512, 512, 512].
   */
  unetWidths: number[];
  /** Widths of the DCGAN-style discriminator's 4×4 stride-2 convolutions (DCGAN: 64, 128, 256, 512). */
  discriminatorWidths: number[];
  /** Slope of every LeakyReLU (§3.3: 0.2). */
  leakySlope: number;
  /** Vocabulary the training labels are in. */
  labelSet: LabelSet;
  groups: ObjectGroups;
  /** λ_BCE of eq. 2, per group (§3.3: 100, 1, 10, 1). */
  lambdaBce: [number, number, number, number];
  /** λ_rec of eq. 4, per group (§3.3: 100, 10, 10, 10). */
  lambdaRec: [number, number, number, number];
  /** λ of the single network's L1 term in `direct` mode (the paper gives none; pix2pix's 100). */
  lambdaDirect: number;
  /**
   * Let eq. 3's target S_n(x)·y pass gradients into S_n. The paper does not say; with it, S_n can
   * lower L_rec by shrinking its own mask (measured: the fused depth collapses towards 0 on the
   * tiny preset, since λ_rec outweighs λ_BCE for L2 and L4), so depthkit treats the masked
   * ground truth as a target (false) by default.
   */
  targetGradient: boolean;
  /** Weight of the adversarial term in eq. 7 (the paper: 1). */
  lambdaAdv: number;
  /**
   * The training camera's focal length in pixels at the network's input size (SYNTHIA's, from its
   * dataset spec); predict multiplies depth by f_test / f_train when told the test camera (§4).
   * The presets give the value at their own crop; `train` re-derives it from the size it actually
   * trains at (`--crop` included) and saves that (method.ts `trainingConfig`). null: no correction.
   */
  trainFocal: number | null;
  /**
   * depthkit's addition, not the paper's (§4 corrects depth only): before the correction, resample a test image so that its focal length in pixels is close to
   * f_train (to the nearest size the U-Nets' stride allows): the network then sees objects at the
   * pixel scale it was trained on, and the correction only removes the rounding left over.
   * false: the network runs at the size it is given and the whole ratio is applied.
   */
  matchTestFocal: boolean;
}

/**
 * The four object groups of §3. The paper names examples only; the full assignment is
 * depthkit's: the classes the issue lists, in both vocabularies (SYNTHIA's own names where they
 * differ: pedestrian, lanemarking, parking-slot, road-work), everything else background.
 */
export const defaultGroups: ObjectGroups = {
  foreground: ['person', 'pedestrian', 'rider', 'car', 'truck', 'bus', 'train', 'motorcycle', 'bicycle', 'pole', 'traffic sign', 'traffic light', 'road-work'],
  flat: ['road', 'sidewalk', 'building', 'wall', 'fence', 'lanemarking', 'parking-slot'],
  vegetation: ['vegetation', 'terrain'],
};

export const defaultConfig: SegmentDepthConfig = {
  mode: 'explicit',
  maxDepth: 80,
  unetWidths: [64, 128, 256, 512, 512],
  discriminatorWidths: [64, 128, 256, 512],
  leakySlope: 0.2,
  labelSet: 'synthia',
  groups: defaultGroups,
  lambdaBce: [100, 1, 10, 1],
  lambdaRec: [100, 10, 10, 10],
  lambdaDirect: 100,
  targetGradient: false,
  lambdaAdv: 1,
  trainFocal: null,
  matchTestFocal: true,
};

export const groupNames = ['foreground', 'flat', 'vegetation', 'background'] as const;

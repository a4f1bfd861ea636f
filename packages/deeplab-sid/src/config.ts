import type { BackboneArch, Discretisation, OutputStride } from '@depthkit/core/web';

/** How a per-pixel distribution over the K bins becomes one depth. */
export type DepthReadout = 'centre' | 'expectation';

/** Every knob of DeepLab-SID; presets set them, the CLI records them with the trained model. */
export interface DeeplabSidConfig {
  /** Feature extractor (§4 implementation details: ResNet-101, ImageNet-pretrained; DeepLab v2's). */
  backbone: BackboneArch;
  /** 8: DeepLab v2's atrous ResNet (dilation 2 in res4, 4 in res5); 16 dilates res5 only. */
  outputStride: OutputStride;
  /** ASPP dilation rates; each branch is a 3×3 atrous conv emitting K logits, the branches summed (§3.1 names ASPP, no rates: DeepLab v2's ASPP-L 6, 12, 18, 24). */
  asppRates: number[];
  /** K = number of depth classes (§4.1: 71, KITTI and SYNTHIA). */
  bins: number;
  /** Bin spacing: `sid` (§3.2 eq. 2, uniform in log depth) or `ud` (eq. 1, uniform, its comparison). */
  spacing: Discretisation['spacing'];
  /** α, the lower end of the discretised range, in metres; GT below it is ignored by the loss. Not in the paper: depthkit's 1 m (DORN's α + ξ = 1). */
  alpha: number;
  /** β, the upper end in metres; GT at or beyond it is ignored (§3.2, §4.1: depth beyond 80 m ignored). */
  beta: number;
  /**
   * `centre`: the midpoint of the arg-max bin (the paper's classification read-out);
   * `expectation`: Σ_k p_k · centre_k over the softmax.
   */
  readout: DepthReadout;
}

export const defaultConfig: DeeplabSidConfig = {
  backbone: 'resnet101',
  outputStride: 8,
  asppRates: [6, 12, 18, 24],
  bins: 71,
  spacing: 'sid',
  alpha: 1,
  beta: 80,
  readout: 'centre',
};

/** The discretisation a config describes (core's SID/UD thresholds). */
export function discretisationOf(config: DeeplabSidConfig): Discretisation {
  return { alpha: config.alpha, beta: config.beta, bins: config.bins, spacing: config.spacing };
}

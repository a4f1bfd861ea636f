import type { BackboneArch, Discretisation, OutputStride } from '@depthkit/core/web';

/** How a per-pixel distribution over the K bins becomes one depth. */
export type DepthReadout = 'centre' | 'expectation';

/** Every knob of DeepLab-SID; presets set them, the CLI records them with the trained model. */
export interface DeeplabSidConfig {
  /** Feature extractor (the paper: ResNet-101, DeepLab v2's). */
  backbone: BackboneArch;
  /** 8: DeepLab v2's atrous ResNet (dilation 2 in res4, 4 in res5); 16 dilates res5 only. */
  outputStride: OutputStride;
  /** ASPP dilation rates; each branch is a 3×3 atrous conv emitting K logits, the branches summed (DeepLab v2, ASPP-L). */
  asppRates: number[];
  /** K = number of depth classes (the paper: 71). */
  bins: number;
  /** Bin spacing: `sid` (the paper's, uniform in log depth) or `ud` (uniform, its comparison). */
  spacing: Discretisation['spacing'];
  /** α, the lower end of the discretised range, in metres; GT below it is ignored by the loss. */
  alpha: number;
  /** β, the upper end in metres; GT at or beyond it is ignored (the paper: 80 m). */
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

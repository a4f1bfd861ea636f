import type { BackboneArch } from '@depthkit/core/web';

/** Every knob of HMA-Depth; presets set them, the CLI records them with the trained model. */
export interface HmaDepthConfig {
  /** Feature extractor (the paper: ResNet-50, ResNeXt-50, DenseNet-121, DenseNet-161). */
  backbone: BackboneArch;
  /** Depth heads output sigmoid × maxDepth; the dataset spec's cap. */
  maxDepth: number;
  /** Scales with a decoder block: 3 = {H/4, H/2, H}, 4 = {H/8, …, H} (the paper, §2), 5 adds H/16 (§4's announced ablations). */
  scales: 3 | 4 | 5;
  /** false: the ablation that averages the scales' depths instead of attention masks (announced in §4, not run by the paper). */
  attention: boolean;
  /** Channels at the decoder's coarsest level (BTS's num_features, 512); halved per level. */
  decoderWidth: number;
  /** ASPP dilation rates on the 1/8 feature (§2: r ∈ {3, 6, 12, 18, 24}). */
  asppRates: number[];
  /** λ of the scale-invariant loss, eq. 6 (§2: 0.85, "similar to BTS"). */
  lambda: number;
}

export const defaultConfig: HmaDepthConfig = {
  backbone: 'resnet50',
  maxDepth: 80,
  scales: 4,
  attention: true,
  decoderWidth: 512,
  asppRates: [3, 6, 12, 18, 24],
  lambda: 0.85,
};

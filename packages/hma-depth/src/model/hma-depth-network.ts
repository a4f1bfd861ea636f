import * as tfl from '@tensorflow/tfjs-layers';
import { aspp, createBackbone, ResizeLike, type MethodModel } from '@depthkit/core/web';
import type { HmaDepthConfig } from '../config.js';
import { bn, concat, iconv, sigmoidHead, upconv } from './decoder-ops.js';
import { HierarchicalMasks, MaskedDepthSum, UniformMasks } from './hierarchical-masks.js';

type T = tfl.SymbolicTensor;

/** Output strides of the decoder blocks for each `scales` setting, coarsest first. */
export const scaleStrides: Record<HmaDepthConfig['scales'], number[]> = {
  3: [4, 2, 1],
  4: [8, 4, 2, 1],
  5: [16, 8, 4, 2, 1],
};

/** The decoder's feature map at each stride, from the backbone's taps (1/2 … 1/32). */
function decoderFeatures(taps: T[], config: HmaDepthConfig): Record<number, T> {
  const f = config.decoderWidth;
  // DenseNet's last tap is norm5 before torchvision's final ReLU; ResNet taps are already ≥ 0.
  const deepest = tfl.layers.reLU({ name: 'dec_in_relu' }).apply(taps[4]) as T;
  const u5 = bn(upconv(deepest, f, 'upconv5'), 'upconv5');
  const i5 = iconv(concat([u5, taps[3]], 'concat5'), f, 'iconv5');
  const u4 = bn(upconv(i5, f / 2, 'upconv4'), 'upconv4');
  const i4 = bn(iconv(concat([u4, taps[2]], 'concat4'), f / 2, 'iconv4'), 'iconv4');
  const a8 = aspp(i4, { rates: config.asppRates, filters: f / 4, style: 'v3', name: 'aspp' });
  const u3 = bn(upconv(a8, f / 4, 'upconv3'), 'upconv3');
  const i3 = iconv(concat([u3, taps[1]], 'concat3'), f / 4, 'iconv3');
  const u2 = bn(upconv(i3, f / 8, 'upconv2'), 'upconv2');
  const i2 = iconv(concat([u2, taps[0]], 'concat2'), f / 8, 'iconv2');
  const u1 = upconv(i2, f / 16, 'upconv1');
  const i1 = iconv(u1, f / 16, 'iconv1');
  return { 16: i5, 8: a8, 4: i3, 2: i2, 1: i1 };
}

function toFullResolution(x: T, image: T, name: string): T {
  return new ResizeLike({ name }).apply([x, image]) as T;
}

/**
 * HMA-Depth (Niu et al., MVA 2021): a BTS-like encoder–decoder whose decoder has, per scale, a
 * depth module D_s and an attention module A_s; the masks of eqs. (1)–(4) weigh the up-sampled
 * depths into D_final (eq. 5). Outputs [D_final, depths (B,H,W,S), masks (B,H,W,S)], depths as
 * fractions of `maxDepth` (the sigmoid heads; the fusion is linear, so scaling commutes).
 */
export function buildHmaDepthNetwork(config: HmaDepthConfig): MethodModel {
  if (config.decoderWidth % 64 !== 0) {
    throw new Error(`hma-depth: decoderWidth must be a multiple of 64 (it is halved four times), got ${config.decoderWidth}`);
  }
  const backbone = createBackbone({ arch: config.backbone, outputStride: 32, inputShape: [null, null, 3] });
  const image = tfl.input({ shape: [null, null, 3] as unknown as number[], name: 'image' });
  const taps = backbone.model.apply(image) as T[];
  const features = decoderFeatures(taps, config);
  const strides = scaleStrides[config.scales];
  const depths = strides.map((s) => toFullResolution(sigmoidHead(features[s], `depth_s${s}`), image, `depth_s${s}_full`));
  const depthStack = concat(depths, 'depths');
  let masks: T;
  if (config.attention) {
    // The finest scale needs no attention module: its mask is what the coarser ones leave (eq. 4).
    const attentions = strides.slice(0, -1).map((s) => toFullResolution(sigmoidHead(features[s], `attention_s${s}`), image, `attention_s${s}_full`));
    const attentionStack = attentions.length === 1 ? attentions[0] : concat(attentions, 'attentions');
    masks = new HierarchicalMasks({ name: 'masks' }).apply(attentionStack) as T;
  } else {
    masks = new UniformMasks({ name: 'masks' }).apply(depthStack) as T;
  }
  const final = new MaskedDepthSum({ name: 'depth' }).apply([masks, depthStack]) as T;
  return { model: tfl.model({ inputs: image, outputs: [final, depthStack, masks], name: 'hma_depth' }), stride: 32 };
}

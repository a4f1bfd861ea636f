import * as tfl from '@tensorflow/tfjs-layers';
import type { MethodModel } from '@depthkit/core/web';
import type { SegmentDepthConfig } from '../config.js';
import { SoftMask } from './blocks.js';
import { unet } from './unet.js';

/** The model's outputs, by mode (all in fractions of maxDepth; segmentation as logits). */
export interface SegmentDepthOutputs {
  /** D_O = Σ D_n [B, H, W, 1] (eq. 5), or the single network's depth in `direct` mode. */
  depth: number;
  /** D_1…D_4 [B, H, W, 4] (implicit, explicit). */
  parts?: number;
  /** S_1…S_4 logits [B, H, W, 4] (explicit). */
  segmentation?: number;
}

export function outputIndex(mode: SegmentDepthConfig['mode']): SegmentDepthOutputs {
  if (mode === 'direct') return { depth: 0 };
  if (mode === 'implicit') return { depth: 0, parts: 1 };
  return { depth: 0, parts: 1, segmentation: 2 };
}

/**
 * Fig. 2's generator side as one tfjs model. explicit: S_n(x) for n = 1…4, G_n(S_n(x) · x), D_O =
 * Σ G_n; implicit: G_n(x), D_O = Σ G_n; direct: one G(x). The discriminator is separate
 * (discriminator.ts): it trains beside this model and is not needed to predict.
 */
export function buildSegmentDepthNetwork(config: SegmentDepthConfig): MethodModel {
  const input = tfl.input({ shape: [null, null, 3] as unknown as number[], name: 'image' });
  const net = (x: tfl.SymbolicTensor, output: 'sigmoid' | 'linear') => unet(x, { widths: config.unetWidths, outChannels: 1, slope: config.leakySlope, output });
  const stride = 2 ** config.unetWidths.length;
  if (config.mode === 'direct') {
    return { model: tfl.model({ inputs: input, outputs: net(input, 'sigmoid'), name: 'segment_depth_direct' }), stride };
  }
  const segmentation: tfl.SymbolicTensor[] = [];
  const parts: tfl.SymbolicTensor[] = [];
  for (let n = 0; n < 4; n++) {
    if (config.mode === 'explicit') {
      const logits = net(input, 'linear');
      segmentation.push(logits);
      parts.push(net(new SoftMask({ name: `soft_mask_${n + 1}` }).apply([input, logits]) as tfl.SymbolicTensor, 'sigmoid'));
    } else {
      parts.push(net(input, 'sigmoid'));
    }
  }
  const depth = tfl.layers.add({ name: 'fused_depth' }).apply(parts) as tfl.SymbolicTensor;
  const outputs = [depth, tfl.layers.concatenate({ name: 'part_depths' }).apply(parts) as tfl.SymbolicTensor];
  if (config.mode === 'explicit') outputs.push(tfl.layers.concatenate({ name: 'segment_logits' }).apply(segmentation) as tfl.SymbolicTensor);
  return { model: tfl.model({ inputs: input, outputs, name: `segment_depth_${config.mode}` }), stride };
}

import * as tfl from '@tensorflow/tfjs-layers';
import { aspp, createBackbone, ResizeLike, type MethodModel } from '@depthkit/core/web';
import type { DeeplabSidConfig } from '../config.js';

type T = tfl.SymbolicTensor;

function validate(config: DeeplabSidConfig): void {
  if (!(Number.isInteger(config.bins) && config.bins >= 2)) {
    throw new Error(`deeplab-sid: bins must be an integer ≥ 2 (one class per depth interval), got ${config.bins}`);
  }
  if (config.asppRates.length === 0 || config.asppRates.some((r) => !(Number.isInteger(r) && r >= 1))) {
    throw new Error(`deeplab-sid: asppRates must be positive integers, got [${config.asppRates.join(', ')}]`);
  }
}

/**
 * DeepLab v2 (Chen et al., TPAMI 2018) as the paper uses it: an atrous ResNet whose last tap is
 * at 1/outputStride, ASPP-L (one 3×3 atrous conv per rate, each emitting the K class logits,
 * summed), and bilinear up-sampling of the logits to the input size. Output: logits [B, H, W, K].
 */
export function buildDeeplabSidNetwork(config: DeeplabSidConfig): MethodModel {
  validate(config);
  const backbone = createBackbone({ arch: config.backbone, outputStride: config.outputStride, inputShape: [null, null, 3] });
  const image = tfl.input({ shape: [null, null, 3] as unknown as number[], name: 'image' });
  const taps = backbone.model.apply(image) as T[];
  const features = taps[taps.length - 1];
  const coarse = aspp(features, { rates: config.asppRates, filters: config.bins, style: 'v2', name: 'aspp' });
  // DeepLab v2's "interp" layer: the score map goes back to the image grid before the loss, so
  // the cross-entropy sees every GT pixel (PyTorch ports: nn.Upsample(bilinear)).
  const logits = new ResizeLike({ name: 'logits' }).apply([coarse, image]) as T;
  return { model: tfl.model({ inputs: image, outputs: logits, name: 'deeplab_sid' }), stride: config.outputStride };
}

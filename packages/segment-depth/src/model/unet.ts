import * as tfl from '@tensorflow/tfjs-layers';
import { conv2d, resize } from '@depthkit/core/web';
import { convBnLeaky, upBlock } from './blocks.js';

export interface UnetArgs {
  /** Encoder widths, one stride-2 level each. */
  widths: number[];
  outChannels: number;
  slope: number;
  /** Applied to the 3×3 output conv: 'sigmoid' (depth as a fraction of maxDepth) or 'linear' (logits). */
  output: 'sigmoid' | 'linear';
}

/**
 * A pix2pix-style U-Net (§3.3: encoder–decoder with skips between every pair of corresponding
 * layers): encoder e_i = 4×4 stride-2 conv–BN–LeakyReLU (no BN at e_0), decoder d_i = up ×2 +
 * 3×3 conv–BN–LeakyReLU to width w_i, concatenated with e_i; a last up ×2 + 3×3 conv to the
 * output. Input sides must be multiples of 2^levels.
 */
export function unet(input: tfl.SymbolicTensor, a: UnetArgs): tfl.SymbolicTensor {
  if (a.widths.length < 1) throw new Error('segment-depth: a U-Net needs at least one level (unetWidths is empty)');
  const skips: tfl.SymbolicTensor[] = [];
  let x = input;
  a.widths.forEach((filters, i) => {
    x = convBnLeaky(x, { filters, kernelSize: 4, strides: 2, norm: i > 0, slope: a.slope });
    skips.push(x);
  });
  for (let i = a.widths.length - 2; i >= 0; i--) {
    x = upBlock(x, a.widths[i], a.slope);
    x = tfl.layers.concatenate().apply([x, skips[i]]) as tfl.SymbolicTensor;
  }
  const up = resize({ scale: [2, 2], interpolation: 'nearest' }).apply(x) as tfl.SymbolicTensor;
  const out = conv2d({ filters: a.outChannels, kernelSize: 3 }).apply(up) as tfl.SymbolicTensor;
  return a.output === 'sigmoid' ? (tfl.layers.activation({ activation: 'sigmoid' }).apply(out) as tfl.SymbolicTensor) : out;
}

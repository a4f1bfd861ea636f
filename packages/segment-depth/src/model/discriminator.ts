import * as tfl from '@tensorflow/tfjs-layers';
import { conv2d } from '@depthkit/core/web';
import type { SegmentDepthConfig } from '../config.js';
import { convBnLeaky } from './blocks.js';

/**
 * The conditional discriminator D(x, depth) of eq. 6, after DCGAN (Radford et al.; §3.3): the image
 * and a depth map (fraction of maxDepth) concatenated, 4×4 stride-2 conv–BN–LeakyReLU blocks (no BN
 * on the first, as DCGAN), a 4×4 conv to one logit per position, averaged to one logit per image
 * (DCGAN's last conv covers its 64×64 input; the average lets any input size through).
 */
export function buildDiscriminator(config: SegmentDepthConfig): tfl.LayersModel {
  const image = tfl.input({ shape: [null, null, 3] as unknown as number[], name: 'image' });
  const depth = tfl.input({ shape: [null, null, 1] as unknown as number[], name: 'depth' });
  let x = tfl.layers.concatenate().apply([image, depth]) as tfl.SymbolicTensor;
  config.discriminatorWidths.forEach((filters, i) => {
    x = convBnLeaky(x, { filters, kernelSize: 4, strides: 2, norm: i > 0, slope: config.leakySlope });
  });
  const logits = conv2d({ filters: 1, kernelSize: 4 }).apply(x) as tfl.SymbolicTensor;
  const pooled = tfl.layers.globalAveragePooling2d({}).apply(logits) as tfl.SymbolicTensor;
  return tfl.model({ inputs: [image, depth], outputs: pooled, name: 'segment_depth_discriminator' });
}

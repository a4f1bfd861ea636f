import * as tf from '@tensorflow/tfjs-core';
import { imagesToTensor, predictDepth, type MethodModel, type RgbImage } from '@depthkit/core';
import type { DsSidenetConfig } from '../config.js';
import { dsSidenet } from '../method.js';

export type DepthRange = 'low' | 'high';

/** The paper's threshold (§3), selected on the ROB 2018 validation images. */
export const paperSigma = 5.89;

export interface CoarseRouterOptions {
  /** d_max > σ → high range (metres). */
  sigma: number;
  /**
   * Height the coarse network sees every image at (aspect kept). The router cannot know the
   * dataset, so one rule serves both: 256 puts NYU (480 rows) at ×0.53 and KITTI (375) at ×0.68,
   * near the ×0.5 and ×0.67 of training (§5.1: 320×240 indoor, 832×256 from KITTI's 1248×384).
   */
  inputHeight: number;
}

export const defaultCoarseRouterOptions: CoarseRouterOptions = { sigma: paperSigma, inputHeight: 256 };

/** The coarse network's depth map for one image, at `inputHeight` rows. */
export function coarseDepth(built: MethodModel, config: DsSidenetConfig, rgb: RgbImage, inputHeight: number): tf.Tensor4D {
  return tf.tidy(() => {
    const width = Math.max(1, Math.round((rgb.width * inputHeight) / rgb.height));
    const images = tf.image.resizeBilinear(imagesToTensor([rgb]), [inputHeight, width], false, true);
    return predictDepth(dsSidenet, built, images, config);
  });
}

/** §3: d_max, the maximum of the coarse depth map. */
export function maxCoarseDepth(built: MethodModel, config: DsSidenetConfig, rgb: RgbImage, inputHeight: number): number {
  const depth = coarseDepth(built, config, rgb, inputHeight);
  const value = tf.tidy(() => tf.max(depth).dataSync()[0]);
  depth.dispose();
  return value;
}

export interface CoarseDecision {
  range: DepthRange;
  maxDepth: number;
}

/** The "cde" router: d_max > σ → high depth range, else low. */
export function routeByCoarseDepth(built: MethodModel, config: DsSidenetConfig, rgb: RgbImage, options: CoarseRouterOptions = defaultCoarseRouterOptions): CoarseDecision {
  const maxDepth = maxCoarseDepth(built, config, rgb, options.inputHeight);
  return { range: maxDepth > options.sigma ? 'high' : 'low', maxDepth };
}

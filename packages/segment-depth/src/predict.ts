import * as tf from '@tensorflow/tfjs-core';
import type { MethodModel, PredictContext } from '@depthkit/core';
import type { SegmentDepthConfig } from './config.js';
import { outputIndex } from './model/segment-depth-network.js';

/**
 * §4's focal-length correction: depth × f_test / f_train, both in pixels at the network input
 * (the horizontal focal length fx). 1 when either camera is unknown.
 */
export function focalCorrection(config: SegmentDepthConfig, context?: PredictContext): number {
  const test = context?.intrinsics?.fx;
  if (test == null || config.trainFocal == null) return 1;
  if (!(test > 0) || !(config.trainFocal > 0)) throw new Error(`segment-depth: focal lengths must be positive, got test ${test}, train ${config.trainFocal}`);
  return test / config.trainFocal;
}

/** Metric depth [B, H, W, 1]: D_O × maxDepth, corrected for the test camera when it is given. */
export function segmentDepthPredict(built: MethodModel, images: tf.Tensor4D, config: SegmentDepthConfig, context?: PredictContext): tf.Tensor4D {
  return tf.tidy(() => {
    const out = built.model.predict(images) as tf.Tensor | tf.Tensor[];
    const depth = Array.isArray(out) ? out[outputIndex(config.mode).depth] : out;
    return tf.mul(depth, config.maxDepth * focalCorrection(config, context)) as tf.Tensor4D;
  });
}

/** The per-group depths D_n (metres, uncorrected) and segmentation probabilities S_n, for Fig. 3-style views. */
export function segmentDepthParts(built: MethodModel, images: tf.Tensor4D, config: SegmentDepthConfig): { parts?: tf.Tensor4D; segmentation?: tf.Tensor4D } {
  return tf.tidy(() => {
    const out = built.model.predict(images) as tf.Tensor | tf.Tensor[];
    const list = Array.isArray(out) ? out : [out];
    const index = outputIndex(config.mode);
    return {
      ...(index.parts != null ? { parts: tf.mul(list[index.parts], config.maxDepth) as tf.Tensor4D } : {}),
      ...(index.segmentation != null ? { segmentation: tf.sigmoid(list[index.segmentation]) as tf.Tensor4D } : {}),
    };
  });
}

import * as tf from '@tensorflow/tfjs-core';
import type { MethodModel, PredictContext } from '@depthkit/core/web';
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

/**
 * The network input size [h, w] at which an [height, width] image's focal length `fx` comes
 * closest to f_train, in multiples of the stride (at least one).
 */
export function focalMatchedSize(height: number, width: number, fx: number, trainFocal: number, stride: number): [number, number] {
  const scale = trainFocal / fx;
  const fit = (n: number) => Math.max(stride, Math.round((n * scale) / stride) * stride);
  return [fit(height), fit(width)];
}

function fusedDepth(built: MethodModel, images: tf.Tensor4D, config: SegmentDepthConfig): tf.Tensor4D {
  const out = built.model.predict(images) as tf.Tensor | tf.Tensor[];
  return (Array.isArray(out) ? out[outputIndex(config.mode).depth] : out) as tf.Tensor4D;
}

/**
 * Metric depth [B, H, W, 1]: D_O × maxDepth, corrected for the test camera when it is given (with
 * matchTestFocal, the image first resampled towards f_train and the depth back to H × W).
 */
export function segmentDepthPredict(built: MethodModel, images: tf.Tensor4D, config: SegmentDepthConfig, context?: PredictContext): tf.Tensor4D {
  return tf.tidy(() => {
    const [, h, w] = images.shape;
    const k = context?.intrinsics;
    if (!config.matchTestFocal || k == null || config.trainFocal == null) {
      return tf.mul(fusedDepth(built, images, config), config.maxDepth * focalCorrection(config, context)) as tf.Tensor4D;
    }
    const [rh, rw] = focalMatchedSize(h, w, k.fx, config.trainFocal, built.stride);
    if (rh === h && rw === w) return tf.mul(fusedDepth(built, images, config), config.maxDepth * focalCorrection(config, context)) as tf.Tensor4D;
    const resampled = tf.image.resizeBilinear(images, [rh, rw], false, true);
    const scaled = { intrinsics: { fx: (k.fx * rw) / w, fy: (k.fy * rh) / h, cx: (k.cx * rw) / w, cy: (k.cy * rh) / h } };
    const depth = tf.mul(fusedDepth(built, resampled, config), config.maxDepth * focalCorrection(config, scaled));
    return tf.image.resizeBilinear(depth as tf.Tensor4D, [h, w], false, true);
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

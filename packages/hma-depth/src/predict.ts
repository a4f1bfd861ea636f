import * as tf from '@tensorflow/tfjs-core';
import type { MethodModel } from '@depthkit/core/web';
import type { HmaDepthConfig } from './config.js';

/** Metric depth [B, H, W, 1]: D_final (a fraction of the maximum) × maxDepth. */
export function hmaDepthPredict(built: MethodModel, images: tf.Tensor4D, config: HmaDepthConfig): tf.Tensor4D {
  return tf.tidy(() => {
    const [final] = built.model.predict(images) as tf.Tensor[];
    return tf.mul(final, config.maxDepth) as tf.Tensor4D;
  });
}

/** Per-scale depths (metres) and masks, e.g. for Fig. 2-style visualisations. */
export function hmaDepthScales(built: MethodModel, images: tf.Tensor4D, config: HmaDepthConfig): { depths: tf.Tensor4D; masks: tf.Tensor4D } {
  return tf.tidy(() => {
    const [, depths, masks] = built.model.predict(images) as tf.Tensor4D[];
    return { depths: tf.mul(depths, config.maxDepth) as tf.Tensor4D, masks: tf.keep(masks) };
  });
}

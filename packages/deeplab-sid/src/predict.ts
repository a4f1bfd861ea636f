import * as tf from '@tensorflow/tfjs-core';
import { binToDepth, expectedDepth, type MethodModel } from '@depthkit/core/web';
import { discretisationOf, type DeeplabSidConfig } from './config.js';

/** Depth [B, H, W, 1] in metres from logits [B, H, W, K], by the config's read-out. */
export function logitsToDepth(logits: tf.Tensor4D, config: DeeplabSidConfig): tf.Tensor4D {
  const d = discretisationOf(config);
  return tf.tidy(() => {
    if (config.readout === 'expectation') return expectedDepth(tf.softmax(logits), d) as tf.Tensor4D;
    return tf.expandDims(binToDepth(tf.argMax(logits, 3), d), 3) as tf.Tensor4D;
  });
}

/** Metric depth [B, H, W, 1]: the bin the network classifies each pixel into, as a depth. */
export function deeplabSidPredict(built: MethodModel, images: tf.Tensor4D, config: DeeplabSidConfig): tf.Tensor4D {
  return tf.tidy(() => logitsToDepth(built.model.predict(images) as tf.Tensor4D, config));
}

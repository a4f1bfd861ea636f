import * as tf from '@tensorflow/tfjs-core';
import type { MethodModel } from '@depthkit/core/web';
import type { RegionSupportConfig } from './config.js';
import { outputIndex } from './model/region-support-network.js';
import { MeanShiftRegions, type Bandwidth } from './model/region-layers.js';

/** The δ_v holder of a built network (its mean-shift layer's). */
export function bandwidthOf(built: MethodModel): Bandwidth {
  const layer = built.model.getLayer('regions');
  if (!(layer instanceof MeanShiftRegions)) throw new Error(`region-support: the model's 'regions' layer is a ${layer.getClassName()}, not the mean-shift`);
  return layer.bandwidth;
}

/** Metric depth [B, H, W, 1]: exp of the final log depth, clipped to (0, maxDepth]. */
export function regionSupportPredict(built: MethodModel, images: tf.Tensor4D, config: RegionSupportConfig): tf.Tensor4D {
  return tf.tidy(() => {
    const outputs = built.model.predict(images) as tf.Tensor[];
    return tf.clipByValue(tf.exp(outputs[outputIndex.final]), 1e-3, config.maxDepth) as tf.Tensor4D;
  });
}

/** The region support (ids, −1 unlabelled) and the intermediate depths in metres, for figures like Fig. 2. */
export function regionSupportDetails(built: MethodModel, images: tf.Tensor4D): { regions: tf.Tensor4D; initial: tf.Tensor4D; regional: tf.Tensor4D } {
  return tf.tidy(() => {
    const outputs = built.model.predict(images) as tf.Tensor4D[];
    return {
      regions: tf.keep(outputs[outputIndex.regions]),
      initial: tf.exp(outputs[outputIndex.initial]) as tf.Tensor4D,
      regional: tf.exp(outputs[outputIndex.regional]) as tf.Tensor4D,
    };
  });
}

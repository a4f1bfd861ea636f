import * as tf from '@tensorflow/tfjs-core';
import { imagenetNormalisation, normalisationTables, normaliseInto, type Normalisation } from '../datasets/pipeline/normalise.js';
import type { RgbImage } from '../io/image-types.js';

/** RGB images of one size as a normalised [B, H, W, 3] batch, exactly as the training pipeline feeds them. */
export function imagesToTensor(images: RgbImage[], normalisation: Normalisation = imagenetNormalisation): tf.Tensor4D {
  const { width, height } = images[0];
  const tables = normalisationTables(normalisation);
  const out = new Float32Array(images.length * width * height * 3);
  images.forEach((image, b) => {
    if (image.width !== width || image.height !== height) {
      throw new Error(`imagesToTensor: image ${b} is ${image.width}×${image.height}, the batch is ${width}×${height}`);
    }
    normaliseInto(out, b * width * height * 3, image.data, tables);
  });
  return tf.tensor4d(out, [images.length, height, width, 3]);
}

import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { defaultLayerName } from './layer-names.js';

/** ×2 "unpooling" of Laina et al.: each value to the top-left of a 2×2 block, zeros elsewhere. */
export function unpool2x(x: tf.Tensor4D): tf.Tensor4D {
  return tf.tidy(() => {
    const [n, h, w, c] = x.shape;
    const widened = tf.reshape(tf.stack([x, tf.zerosLike(x)], 3), [n, h, 2 * w, c]);
    return tf.reshape(tf.stack([widened, tf.zerosLike(widened)], 2), [n, 2 * h, 2 * w, c]) as tf.Tensor4D;
  });
}

export class Unpool2x extends tfl.layers.Layer {
  static className = '@depthkit/core>Unpool2x';
  constructor(args: { name?: string } = {}) {
    super({ name: args.name ?? defaultLayerName('unpool') });
  }

  override computeOutputShape(inputShape: tfl.Shape | tfl.Shape[]): tfl.Shape {
    const [n, h, w, c] = (Array.isArray(inputShape[0]) ? inputShape[0] : inputShape) as tfl.Shape;
    return [n, h == null ? null : 2 * h, w == null ? null : 2 * w, c];
  }

  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    return unpool2x((Array.isArray(inputs) ? inputs[0] : inputs) as tf.Tensor4D);
  }
}

import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { defaultLayerName } from './layer-names.js';

/**
 * The [out, in] averaging matrix of PyTorch's adaptive average pooling along one axis:
 * output i averages inputs floor(i·in/out) … ceil((i+1)·in/out) − 1.
 */
function poolingMatrix(inSize: number, outSize: number): Float32Array {
  const m = new Float32Array(outSize * inSize);
  for (let i = 0; i < outSize; i++) {
    const start = Math.floor((i * inSize) / outSize);
    const end = Math.ceil(((i + 1) * inSize) / outSize);
    for (let j = start; j < end; j++) m[i * inSize + j] = 1 / (end - start);
  }
  return m;
}

/**
 * Adaptive average pooling of NHWC to [oh, ow] exactly as torch.nn.AdaptiveAvgPool2d. It is
 * separable, so it is two small matrix products (rows, then columns) — differentiable and
 * exact for any size ratio, including non-divisible ones.
 */
export function adaptiveAvgPool(x: tf.Tensor4D, [oh, ow]: [number, number]): tf.Tensor4D {
  return tf.tidy(() => {
    const [n, h, w, c] = x.shape;
    const rows = tf.tensor2d(poolingMatrix(h, oh), [oh, h]);
    const cols = tf.tensor2d(poolingMatrix(w, ow), [ow, w]);
    // [n, h, w·c] → rows: [n, oh, w·c]
    const pooledRows = tf.reshape(tf.matMul(tf.tile(tf.expandDims(rows, 0), [n, 1, 1]), tf.reshape(x, [n, h, w * c])), [n * oh, w, c]);
    // [n·oh, w, c] → cols: [n·oh, ow, c]
    const pooled = tf.matMul(tf.tile(tf.expandDims(cols, 0), [n * oh, 1, 1]), pooledRows);
    return tf.reshape(pooled, [n, oh, ow, c]) as tf.Tensor4D;
  });
}

export class AdaptiveAvgPool extends tfl.layers.Layer {
  static className = '@depthkit/core>AdaptiveAvgPool';
  private readonly outputSize: [number, number];

  constructor(args: { outputSize: [number, number]; name?: string }) {
    super({ name: args.name ?? defaultLayerName('adaptive_avg_pool') });
    this.outputSize = args.outputSize;
  }

  override computeOutputShape(inputShape: tfl.Shape | tfl.Shape[]): tfl.Shape {
    const [n, , , c] = (Array.isArray(inputShape[0]) ? inputShape[0] : inputShape) as tfl.Shape;
    return [n, this.outputSize[0], this.outputSize[1], c];
  }

  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    return adaptiveAvgPool((Array.isArray(inputs) ? inputs[0] : inputs) as tf.Tensor4D, this.outputSize);
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), outputSize: this.outputSize };
  }
}

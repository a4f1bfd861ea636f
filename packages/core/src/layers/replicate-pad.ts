import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { defaultLayerName } from './layer-names.js';

function clampedIndices(size: number, before: number, after: number): tf.Tensor1D {
  return tf.tensor1d(Array.from({ length: size + before + after }, (_, i) => Math.min(size - 1, Math.max(0, i - before))), 'int32');
}

/**
 * Replicate ("duplication") padding of an NHWC tensor: border pixels repeated outwards, as
 * PyTorch's ReplicationPad2d. (tfjs's mirrorPad 'symmetric' matches it only for a pad of 1.)
 */
export function replicatePad(x: tf.Tensor4D, [top, bottom]: [number, number], [left, right]: [number, number]): tf.Tensor4D {
  return tf.tidy(() => {
    const [, h, w] = x.shape;
    const rows = tf.gather(x, clampedIndices(h, top, bottom), 1);
    return tf.gather(rows, clampedIndices(w, left, right), 2) as tf.Tensor4D;
  });
}

export interface ReplicatePadArgs {
  padding: number | [[number, number], [number, number]];
  name?: string;
}

export class ReplicatePad extends tfl.layers.Layer {
  static className = '@depthkit/core>ReplicatePad';
  private readonly rows: [number, number];
  private readonly cols: [number, number];

  constructor(args: ReplicatePadArgs) {
    super({ name: args.name ?? defaultLayerName('replicate_pad') });
    const p = args.padding;
    [this.rows, this.cols] = typeof p === 'number' ? [[p, p], [p, p]] : p;
  }

  override computeOutputShape(inputShape: tfl.Shape | tfl.Shape[]): tfl.Shape {
    const [n, h, w, c] = (Array.isArray(inputShape[0]) ? inputShape[0] : inputShape) as tfl.Shape;
    return [n, h == null ? null : h + this.rows[0] + this.rows[1], w == null ? null : w + this.cols[0] + this.cols[1], c];
  }

  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    return replicatePad((Array.isArray(inputs) ? inputs[0] : inputs) as tf.Tensor4D, this.rows, this.cols);
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), padding: [this.rows, this.cols] };
  }
}

export function replicatePadLayer(args: ReplicatePadArgs): ReplicatePad {
  return new ReplicatePad(args);
}

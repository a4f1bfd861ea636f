import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';

function along(x: tf.Tensor4D, axis: 1 | 2, from: number, size: number): tf.Tensor4D {
  const begin = [0, 0, 0, 0];
  const width = [-1, -1, -1, -1];
  begin[axis] = from;
  width[axis] = size;
  return tf.slice(x, begin, width) as tf.Tensor4D;
}

/** Edge rows (axis 1) or columns (axis 2) repeated once on each side. */
function padAxis(x: tf.Tensor4D, axis: 1 | 2): tf.Tensor4D {
  const n = x.shape[axis];
  return tf.concat([along(x, axis, 0, 1), x, along(x, axis, n - 1, 1)], axis);
}

/** The adjoint of padAxis: the two outer gradients fold back onto the edges they copied. */
function foldAxis(dy: tf.Tensor4D, axis: 1 | 2): tf.Tensor4D {
  const n = dy.shape[axis] - 2;
  if (n === 1) return tf.addN([along(dy, axis, 0, 1), along(dy, axis, 1, 1), along(dy, axis, 2, 1)]);
  const first = tf.add(along(dy, axis, 0, 1), along(dy, axis, 1, 1)) as tf.Tensor4D;
  const last = tf.add(along(dy, axis, n, 1), along(dy, axis, n + 1, 1)) as tf.Tensor4D;
  return tf.concat(n > 2 ? [first, along(dy, axis, 2, n - 2), last] : [first, last], axis);
}

// An explicit gradient built from slices, adds and concatenations only: the automatic one of
// slice+concat goes through PadV2, which corrupted the wasm heap inside the full network.
const replicatePad1 = tf.customGrad((...args: Array<tf.Tensor | tf.GradSaveFunc>) => {
  const x = args[0] as tf.Tensor4D;
  return {
    value: padAxis(padAxis(x, 1), 2),
    gradFunc: (dy) => foldAxis(foldAxis(dy as tf.Tensor4D, 2), 1),
  };
});

/**
 * Replicate padding by one pixel (PyTorch's ReplicationPad2d(1), the paper's "duplication
 * padding"): the same values as core's gather-based `replicatePad`, but its gradient is a few
 * slices and adds instead of a segment sum over every pixel, which dominated the training step
 * on wasm (~45 conv units each pad their input).
 */
export function edgePad(x: tf.Tensor4D, pad: number): tf.Tensor4D {
  if (pad !== 1) throw new Error(`edgePad: only a 1-pixel pad is implemented (3×3 kernels), got ${pad}`);
  return replicatePad1(x) as tf.Tensor4D;
}

export class EdgePad extends tfl.layers.Layer {
  static className = '@depthkit/region-support>EdgePad';
  readonly pad: number;

  constructor(args: { pad: number; name?: string }) {
    super({ name: args.name });
    this.pad = args.pad;
  }

  override computeOutputShape(inputShape: tfl.Shape | tfl.Shape[]): tfl.Shape {
    const [n, h, w, c] = (Array.isArray(inputShape[0]) ? inputShape[0] : inputShape) as tfl.Shape;
    const grow = (s: number | null) => (s == null ? null : s + 2 * this.pad);
    return [n, grow(h), grow(w), c];
  }

  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    return edgePad((Array.isArray(inputs) ? inputs[0] : inputs) as tf.Tensor4D, this.pad);
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), pad: this.pad };
  }
}

import * as tf from '@tensorflow/tfjs-core';
import { replicatePad } from '../layers/replicate-pad.js';
import type { DepthMethod, MethodModel, PredictContext } from './depth-method.js';

/** Padding that brings `size` up to a multiple of `stride`, split as evenly as possible. */
export function strideFitPadding(size: number, stride: number): [number, number] {
  const total = (stride - (size % stride)) % stride;
  return [Math.floor(total / 2), total - Math.floor(total / 2)];
}

/**
 * Metric depth at the input's resolution for any image size: pads [B, H, W, 3] (edge-replicated,
 * so no artificial border enters the receptive field) to the network's stride, runs the
 * method's predict, and crops back. Padding moves no focal length, so `context` passes as is.
 */
export function predictDepth<Config>(
  method: DepthMethod<Config>, built: MethodModel, images: tf.Tensor4D, config: Config, context?: PredictContext,
): tf.Tensor4D {
  return tf.tidy(() => {
    const [, h, w] = images.shape;
    const [top, bottom] = strideFitPadding(h, built.stride);
    const [left, right] = strideFitPadding(w, built.stride);
    const padded = top + bottom + left + right === 0
      ? images
      : replicatePad(images, [top, bottom], [left, right]);
    const depth = context ? method.predict(built, padded, config, context) : method.predict(built, padded, config);
    const [, ph, pw] = depth.shape;
    if (ph !== h + top + bottom || pw !== w + left + right) {
      throw new Error(`method '${method.id}': predict returned ${ph}×${pw} for a ${h + top + bottom}×${w + left + right} input; it must return depth at input resolution`);
    }
    return tf.slice(depth, [0, top, left, 0], [-1, h, w, -1]);
  });
}

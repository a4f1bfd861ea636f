import * as tf from '@tensorflow/tfjs-core';
import type { Intrinsics } from '../datasets/spec.js';
import type { DepthMap, RgbImage } from '../io/image-types.js';
import type { DepthMethod, MethodModel } from './depth-method.js';
import { imagesToTensor } from './image-batch.js';
import { predictDepth } from './predict-depth.js';

// Browser-safe: the CLI's predict and eval and a page share this one path from image to metres.
/** Intrinsics of an image resized from `from` [w, h] to `to` [h, w] (whole frame, no crop). */
export function resizedIntrinsics(k: Intrinsics, from: { width: number; height: number }, to: [number, number]): Intrinsics {
  const sx = to[1] / from.width;
  const sy = to[0] / from.height;
  return { fx: k.fx * sx, fy: k.fy * sy, cx: k.cx * sx, cy: k.cy * sy };
}

/**
 * Predicts depth for one sample's image at the preset's test size and returns it at GT size.
 * The camera's intrinsics, when known, reach the method's predict scaled to the network input.
 */
export function predictSample<Config>(
  method: DepthMethod<Config>, built: MethodModel, config: Config, rgb: RgbImage,
  testSize?: [number, number], intrinsics?: Intrinsics,
): DepthMap {
  const depth = predictSampleTensor(method, built, config, rgb, testSize, intrinsics);
  const data = depth.dataSync() as Float32Array;
  depth.dispose();
  return { width: rgb.width, height: rgb.height, data };
}

/**
 * `predictSample`'s depth as a [1, H, W, 1] tensor the caller reads and disposes: a page reads
 * it with `await data()` (a GPU backend cannot read back synchronously without stalling).
 */
export function predictSampleTensor<Config>(
  method: DepthMethod<Config>, built: MethodModel, config: Config, rgb: RgbImage,
  testSize?: [number, number], intrinsics?: Intrinsics,
): tf.Tensor4D {
  return tf.tidy(() => {
    let images = imagesToTensor([rgb]);
    if (testSize) images = tf.image.resizeBilinear(images, testSize, false, true);
    const context = intrinsics ? { intrinsics: testSize ? resizedIntrinsics(intrinsics, rgb, testSize) : intrinsics } : undefined;
    let pred = predictDepth(method, built, images, config, context);
    if (testSize) pred = tf.image.resizeBilinear(pred, [rgb.height, rgb.width], false, true);
    return pred;
  });
}

import * as tf from '@tensorflow/tfjs-core';
import { imagesToTensor, paddingToAtLeast, replicatePad, strideFitPadding, type MethodModel, type Padding } from '@depthkit/core/web';
import { networkStride, withConfigDefaults, type DsSidenetConfig } from './config.js';
import { branchOutputs } from './model/ds-sidenet-network.js';
import { argmaxBin, binToDepth, expectedBin } from './quantise.js';

/**
 * Metric depth [B, H, W, 1] from the branch `testBranch` names (the paper: classification).
 * The classification branch's bin is the expected bin Σ j·p_j after soft-cl training and the
 * arg-max after hard-cl training (Table 6's testing column), mapped back through eq. (1).
 * With `padTo` (the `kitti` preset: 384 × 1248, §5.1) the input is first zero-padded as the
 * network saw it in training; see `predictZeroPadded`.
 */
export function dsSidenetPredict(built: MethodModel, images: tf.Tensor4D, recorded: DsSidenetConfig): tf.Tensor4D {
  const config = withConfigDefaults(recorded);
  return config.padTo ? predictZeroPadded(built, images, config, config.padTo) : predictNetwork(built, images, config);
}

function predictNetwork(built: MethodModel, images: tf.Tensor4D, config: DsSidenetConfig): tf.Tensor4D {
  return tf.tidy(() => {
    const { logits, depth, fused } = branchOutputs(config, built.model.predict(images) as tf.Tensor | tf.Tensor[]);
    if (config.testBranch === 'fused') return tf.maximum(fused!, 0) as tf.Tensor4D;
    if (config.testBranch === 'reg') return tf.maximum(depth!, 0) as tf.Tensor4D;
    const bin = config.task.startsWith('hard') ? argmaxBin(logits!) : expectedBin(logits!);
    return binToDepth(bin, config) as tf.Tensor4D;
  });
}

/**
 * The frame placed where core's `zeroPadSample` places it in training (its `paddingToAtLeast`:
 * missing rows on top, columns split left/right) with black pixels around it, predicted, and
 * the depth cropped back to the frame. A frame larger than `padTo` cannot be padded to it: it
 * is predicted at its own size, edge-padded to the network's stride as core's predictDepth
 * does for every method — outside what the network was trained on, hence documented.
 */
function predictZeroPadded(built: MethodModel, images: tf.Tensor4D, config: DsSidenetConfig, padTo: [number, number]): tf.Tensor4D {
  return tf.tidy(() => {
    const [, h, w] = images.shape;
    if (h > padTo[0] || w > padTo[1]) return predictEdgePadded(built, images, config);
    const p = paddingToAtLeast(h, w, padTo);
    const depth = predictNetwork(built, zeroPadImages(images, p), config);
    return tf.slice(depth, [0, p.top, p.left, 0], [-1, h, w, -1]);
  });
}

function predictEdgePadded(built: MethodModel, images: tf.Tensor4D, config: DsSidenetConfig): tf.Tensor4D {
  const [, h, w] = images.shape;
  const stride = networkStride(config);
  const rows = strideFitPadding(h, stride);
  const cols = strideFitPadding(w, stride);
  const padded = rows[0] + rows[1] + cols[0] + cols[1] === 0 ? images : replicatePad(images, rows, cols);
  return tf.slice(predictNetwork(built, padded, config), [0, rows[0], cols[0], 0], [-1, h, w, -1]);
}

/**
 * Normalised images padded with the normalised value of an 8-bit black pixel, computed by the
 * same `imagesToTensor` that turns training and test frames into tensors, so the border is
 * bit-identical to a frame zero-padded before normalisation.
 */
export function zeroPadImages(images: tf.Tensor4D, p: Padding): tf.Tensor4D {
  return tf.tidy(() => {
    const [b, h, w, c] = images.shape;
    const black = imagesToTensor([{ width: 1, height: 1, data: new Uint8Array(3) }]);
    const fill = (rows: number, cols: number) => tf.broadcastTo(black, [b, rows, cols, c]);
    const row = [p.left > 0 ? fill(h, p.left) : null, images, p.right > 0 ? fill(h, p.right) : null].filter((t): t is tf.Tensor4D => t != null);
    const middle = row.length === 1 ? images : tf.concat(row, 2);
    const width = w + p.left + p.right;
    const column = [p.top > 0 ? fill(p.top, width) : null, middle, p.bottom > 0 ? fill(p.bottom, width) : null].filter((t): t is tf.Tensor4D => t != null);
    return (column.length === 1 ? middle : tf.concat(column, 1)) as tf.Tensor4D;
  });
}

import * as tf from '@tensorflow/tfjs-core';
import type { MethodModel } from '@depthkit/core';
import type { DsSidenetConfig } from './config.js';
import { branchOutputs } from './model/ds-sidenet-network.js';
import { argmaxBin, binToDepth, expectedBin } from './quantise.js';

/**
 * Metric depth [B, H, W, 1] from the branch `testBranch` names (the paper: classification).
 * The classification branch's bin is the expected bin Σ j·p_j after soft-cl training and the
 * arg-max after hard-cl training (Table 6's testing column), mapped back through eq. (1).
 */
export function dsSidenetPredict(built: MethodModel, images: tf.Tensor4D, config: DsSidenetConfig): tf.Tensor4D {
  return tf.tidy(() => {
    const { logits, depth } = branchOutputs(config, built.model.predict(images) as tf.Tensor | tf.Tensor[]);
    if (config.testBranch === 'reg') return tf.maximum(depth!, 0) as tf.Tensor4D;
    const bin = config.task.startsWith('hard') ? argmaxBin(logits!) : expectedBin(logits!);
    return binToDepth(bin, config) as tf.Tensor4D;
  });
}

import * as tf from '@tensorflow/tfjs-core';
import type { MethodModel, TrainBatch, TrainStepFn } from '@depthkit/core/web';
import type { RegionSupportConfig } from './config.js';
import { regionSupportLoss, updatedDeltaV } from './loss.js';
import { bandwidthOf } from './predict.js';

function addInto(sum: (tf.Tensor | null)[] | null, grads: (tf.Tensor | null)[]): (tf.Tensor | null)[] {
  if (sum == null) return grads;
  return sum.map((x, i) => {
    const y = grads[i];
    if (x == null || y == null) return x ?? y;
    const s = tf.add(x, y);
    tf.dispose([x, y]);
    return s;
  });
}

/**
 * The default update (mean gradient of the micro-batches, clipped, applied), then §3.1.3's δ_v
 * update from the step's mean δ_c. δ_v is not a weight, so the loss alone cannot move it: hence a
 * custom step. The bandwidth lives in the network's mean-shift layer and is checkpointed as
 * extra state.
 */
export function regionSupportTrainStep(built: MethodModel, config: RegionSupportConfig): TrainStepFn {
  const bandwidth = bandwidthOf(built);
  return (batches, context) => {
    let sum: (tf.Tensor | null)[] | null = null;
    let loss = 0;
    const terms: Record<string, number> = {};
    for (const batch of batches) {
      const g = context.gradients(() => {
        const outputs = context.model.apply(batch.images, { training: true }) as tf.Tensor[];
        return regionSupportLoss(batch as unknown as TrainBatch, outputs, config);
      });
      if (!Number.isFinite(g.value)) {
        tf.dispose([...(sum ?? []), ...g.grads].filter((t): t is tf.Tensor => t != null));
        throw new Error(`region-support step ${context.step}: the loss is ${g.value}; the weights were not updated`);
      }
      loss += g.value / batches.length;
      for (const [k, v] of Object.entries(g.terms)) terms[k] = (terms[k] ?? 0) + v / batches.length;
      sum = addInto(sum, g.grads);
    }
    const mean = batches.length === 1 ? sum! : sum!.map((g) => (g == null ? null : tf.tidy(() => tf.div(g, batches.length))));
    const { gradNorm } = context.applyGradients(mean);
    tf.dispose([...new Set([...mean, ...sum!].filter((t): t is tf.Tensor => t != null))]);
    bandwidth.deltaV = updatedDeltaV(bandwidth.deltaV, terms.delta_c, config.deltaVMomentum);
    return { loss, terms, gradNorm };
  };
}

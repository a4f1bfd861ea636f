import * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';
import {
  createOptimizer, discriminatorLoss, generatorAdversarialLoss,
  type Batch, type MethodModel, type MethodTrainer, type Optimizer, type StepResult, type TrainBatch, type TrainingRecipe, type TrainStepContext,
} from '@depthkit/core/web';
import type { SegmentDepthConfig } from './config.js';
import { groupTable } from './groups.js';
import { depthTarget, segmentDepthLoss } from './loss.js';
import { buildDiscriminator } from './model/discriminator.js';
import { outputIndex } from './model/segment-depth-network.js';

/** §3.3's optimizer, used for the discriminator when the preset gives none. */
export const paperAdam = { type: 'adam' as const, lr: 1e-4, beta1: 0.5, beta2: 0.999 };

export function trainableVariables(model: tfl.LayersModel): tf.Variable[] {
  return model.trainableWeights.map((w) => (w as unknown as { val: tf.Variable }).val);
}

function disposeGrads(grads: (tf.Tensor | null)[]): void {
  tf.dispose(grads.filter((g): g is tf.Tensor => g != null));
}

export interface Adversary {
  discriminator: tfl.LayersModel;
  optimizer: Optimizer;
  variables: tf.Variable[];
}

/**
 * The generator side's update: L_depth + L_seg + λ_adv · L_adv (eq. 7), L_adv the non-saturating
 * form of eq. 6's generator term (−log D(x, G_O(x))). Returns the fused depth it produced (the
 * caller disposes it) for the discriminator's update.
 */
export function generatorStep(batch: TrainBatch, ctx: TrainStepContext, config: SegmentDepthConfig, table: Int32Array, adversary: Adversary): { result: StepResult; fake: tf.Tensor } {
  let fake: tf.Tensor | undefined;
  const g = ctx.gradients(() => {
    const outputs = ctx.model.apply(batch.images, { training: true }) as tf.Tensor | tf.Tensor[];
    const depth = (Array.isArray(outputs) ? outputs : [outputs])[outputIndex(config.mode).depth];
    fake = tf.keep(depth);
    const { total, terms } = segmentDepthLoss(batch, outputs, config, table);
    if (config.lambdaAdv === 0) return { total, terms };
    const adv = generatorAdversarialLoss(adversary.discriminator.apply([batch.images, depth], { training: true }) as tf.Tensor);
    return { total: tf.add(total, tf.mul(adv, config.lambdaAdv)) as tf.Scalar, terms: { ...terms, adv } };
  });
  if (!Number.isFinite(g.value)) {
    disposeGrads(g.grads);
    fake?.dispose();
    throw new Error(`segment-depth step ${ctx.step}: the generator loss is ${g.value}; the weights were not updated (lower the learning rate)`);
  }
  const { gradNorm } = ctx.applyGradients(g.grads);
  disposeGrads(g.grads);
  return { result: { loss: g.value, terms: g.terms, gradNorm }, fake: fake! };
}

/** The discriminator's update on eq. 6: real (x, y) against fake (x, G_O(x)), G_O held fixed. */
export function discriminatorStep(batch: TrainBatch, fake: tf.Tensor, ctx: TrainStepContext, config: SegmentDepthConfig, adversary: Adversary): number {
  const d = ctx.gradients(() => tf.tidy(() => {
    const real = depthTarget(batch.depth, config.maxDepth).target;
    const realLogits = adversary.discriminator.apply([batch.images, real], { training: true }) as tf.Tensor;
    const fakeLogits = adversary.discriminator.apply([batch.images, fake], { training: true }) as tf.Tensor;
    return { total: discriminatorLoss(realLogits, fakeLogits) };
  }), adversary.variables);
  adversary.optimizer.apply(d.grads, ctx.lr);
  disposeGrads(d.grads);
  return d.value;
}

/**
 * Each update alternates: the generator side (S_n, G_n) against the current discriminator, then
 * the discriminator on the fused depth that step produced. The discriminator and its Adam state
 * are checkpointed with the run (extraModels).
 */
export function segmentDepthTrainer(built: MethodModel, config: SegmentDepthConfig, training?: TrainingRecipe): MethodTrainer {
  const table = groupTable(config.labelSet, config.groups);
  const discriminator = buildDiscriminator(config);
  const variables = trainableVariables(discriminator);
  const optimizer = createOptimizer(training?.optimizer ?? paperAdam, variables);
  const adversary: Adversary = { discriminator, optimizer, variables };
  void built;
  return {
    step(batches: Batch[], ctx: TrainStepContext): StepResult {
      if (batches.length !== 1) throw new Error(`segment-depth: gradient accumulation is not supported (got ${batches.length} micro-batches)`);
      const batch = batches[0] as unknown as TrainBatch;
      const { result, fake } = generatorStep(batch, ctx, config, table, adversary);
      try {
        if (config.lambdaAdv === 0) return result;
        const disc = discriminatorStep(batch, fake, ctx, config, adversary);
        return { ...result, terms: { ...result.terms, disc } };
      } finally {
        fake.dispose();
      }
    },
    extraModels: { discriminator: { model: discriminator, optimizer } },
    dispose() {
      optimizer.dispose();
      discriminator.dispose();
    },
  };
}

import * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';
import type { Batch } from '../datasets/pipeline/batch.js';
import { clipGradNorm } from './clip-grad-norm.js';
import type { Gradients, LossFn, LossResult, StepContext, StepResult } from './fit-config.js';
import type { Optimizer } from './optimizers/optimizer.js';

/**
 * Gradients of a loss with respect to `variables` (through depthkit's backward pass once an
 * engine is initialised: it frees each gradient and saved activation as soon as it is past
 * them); terms are read back as numbers.
 */
export function computeGradients(f: () => LossResult, variables: tf.Variable[]): Gradients {
  let terms: Record<string, tf.Scalar> = {};
  const { value, grads } = tf.variableGrads(() => {
    const result = f();
    // Terms would die with the tape's scope; keep them to read after.
    terms = Object.fromEntries(Object.entries(result.terms ?? {}).map(([k, t]) => [k, tf.keep(t)]));
    return result.total;
  }, variables);
  const termValues = Object.fromEntries(Object.entries(terms).map(([k, t]) => [k, t.dataSync()[0]]));
  const loss = value.dataSync()[0];
  tf.dispose([value, ...Object.values(terms)]);
  return { value: loss, terms: termValues, grads: variables.map((v) => grads[v.name] ?? null) };
}

/** Clips the non-null gradients together; returns new tensors the caller disposes (maybe the inputs). */
export function clipGradients(grads: (tf.Tensor | null)[], maxNorm: number | undefined): { grads: (tf.Tensor | null)[]; gradNorm?: number } {
  if (maxNorm == null) return { grads };
  const present = grads.filter((g): g is tf.Tensor => g != null);
  const clipped = clipGradNorm(present, maxNorm);
  let k = 0;
  return { grads: grads.map((g) => (g == null ? null : clipped.grads[k++])), gradNorm: clipped.norm };
}

export interface DefaultStepOptions {
  model: tfl.LayersModel;
  loss: LossFn;
  variables: tf.Variable[];
  optimizer: Optimizer;
  clipGradNorm?: number;
}

/**
 * One update from k micro-batches: the mean of their gradients (equal to one step on their union
 * for a per-batch mean loss and equal batch sizes), clipped, then applied.
 */
export function defaultStep(batches: Batch[], context: StepContext, o: DefaultStepOptions): StepResult {
  let sum: (tf.Tensor | null)[] | null = null;
  let loss = 0;
  const terms: Record<string, number> = {};
  for (const batch of batches) {
    const g = computeGradients(() => {
      const outputs = o.model.apply(batch.images, { training: true }) as tf.Tensor | tf.Tensor[];
      return o.loss(batch, outputs, context);
    }, o.variables);
    if (!Number.isFinite(g.value)) {
      tf.dispose([...(sum ?? []), ...g.grads].filter((t): t is tf.Tensor => t != null));
      throw new Error(`training step ${context.step}: the loss is ${g.value}; the weights were not updated (lower the learning rate, or clip gradients)`);
    }
    loss += g.value / batches.length;
    for (const [k, v] of Object.entries(g.terms)) terms[k] = (terms[k] ?? 0) + v / batches.length;
    sum = sum == null ? g.grads : addAll(sum, g.grads);
  }
  const mean = batches.length === 1 ? sum! : sum!.map((g) => (g == null ? null : scaleAndDispose(g, 1 / batches.length)));
  const { grads, gradNorm } = clipGradients(mean, o.clipGradNorm);
  o.optimizer.apply(grads, context.lr);
  tf.dispose([...new Set([...mean, ...grads].filter((t): t is tf.Tensor => t != null))]);
  return { loss, terms, gradNorm };
}

function addAll(a: (tf.Tensor | null)[], b: (tf.Tensor | null)[]): (tf.Tensor | null)[] {
  return a.map((x, i) => {
    const y = b[i];
    if (x == null || y == null) return x ?? y;
    const s = tf.add(x, y);
    tf.dispose([x, y]);
    return s;
  });
}

function scaleAndDispose(g: tf.Tensor, factor: number): tf.Tensor {
  const out = tf.mul(g, factor);
  g.dispose();
  return out;
}

import * as tf from '@tensorflow/tfjs-core';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { initEngine } from '../engine/engine.js';
import { maskedL1Loss } from '../losses/masked-l1.js';
import type { ExtraModel, FitConfig, TrainStepFn } from './fit-config.js';
import { fit, trainFiles } from './fit.js';
import { createOptimizer } from './optimizers/create-optimizer.js';
import { tinyData, tinyDepthModel, weightValues } from './testing/tiny-depth-task.js';

const variablesOf = (m: ExtraModel['model']) => m.trainableWeights.map((w) => (w as unknown as { val: tf.Variable }).val);

/**
 * A second network trained by the custom step (a stand-in for a GAN's discriminator): it
 * regresses the model's own output, so its update depends on the model's state, and the
 * model's on its own L1 loss.
 */
function twoNetworkRun(seedModel: number, seedCritic: number) {
  const model = tinyDepthModel(seedModel);
  const critic = tinyDepthModel(seedCritic);
  const criticOptimizer = createOptimizer({ type: 'adam', lr: 1e-2, beta1: 0.5 }, variablesOf(critic));
  const step: TrainStepFn = (batches, ctx) => {
    const batch = batches[0];
    const g = ctx.gradients(() => {
      const out = ctx.model.apply(batch.images, { training: true }) as tf.Tensor;
      return { total: maskedL1Loss(out, batch.depth!, { mask: batch.mask }) };
    });
    ctx.applyGradients(g.grads);
    tf.dispose(g.grads.filter((t): t is tf.Tensor => t != null));
    const c = ctx.gradients(() => tf.tidy(() => {
      const target = ctx.model.predict(batch.images) as tf.Tensor;
      const out = critic.apply(batch.images, { training: true }) as tf.Tensor;
      return { total: tf.mean(tf.abs(tf.sub(out, target))) as tf.Scalar };
    }), variablesOf(critic));
    criticOptimizer.apply(c.grads, ctx.lr);
    tf.dispose(c.grads.filter((t): t is tf.Tensor => t != null));
    return { loss: g.value, terms: { critic: c.value } };
  };
  return { model, critic, criticOptimizer, step };
}

describe('fit with extra models (a GAN discriminator and its optimizer)', () => {
  let outDir: string;
  beforeAll(async () => {
    await initEngine({ engine: 'wasm', log: false });
  });
  beforeEach(async () => {
    outDir = await mkdtemp(path.join(tmpdir(), 'dk-fit-extra-'));
  });
  afterEach(async () => {
    await rm(outDir, { recursive: true, force: true });
  });

  const config = (run: ReturnType<typeof twoNetworkRun>, dir: string, overrides: Partial<FitConfig> = {}): FitConfig => ({
    model: run.model,
    trainStep: run.step,
    extraModels: { critic: { model: run.critic, optimizer: run.criticOptimizer } },
    data: tinyData(5, 2, 4),
    optimizer: { type: 'adam', lr: 1e-2 },
    steps: 8,
    seed: 1,
    checkpointEvery: 3,
    outDir: dir,
    log: 'none',
    curves: false,
    ...overrides,
  });

  it('a kill and --resume give bit-exactly the weights of both networks of an uninterrupted run', async () => {
    const straight = twoNetworkRun(1, 2);
    await fit(config(straight, path.join(outDir, 'straight')));

    const killedDir = path.join(outDir, 'killed');
    const killed = twoNetworkRun(1, 2);
    await expect(fit(config(killed, killedDir, { onStep: ({ step }) => { if (step === 5) throw new Error('simulated kill'); } }))).rejects.toThrow('simulated kill');
    const files = await readdir(path.join(killedDir, trainFiles.last));
    expect(files).toEqual(expect.arrayContaining(['extra-critic.weights.bin', 'extra-critic.optimizer.bin']));

    // A new process: both networks and the critic's optimizer start from other values.
    const resumed = twoNetworkRun(7, 8);
    const result = await fit(config(resumed, killedDir, { resume: true }));
    expect(result.resumedFrom).toBe(3);
    expect(resumed.criticOptimizer.iterations).toBe(straight.criticOptimizer.iterations);
    expect(weightValues(resumed.model)).toEqual(weightValues(straight.model));
    expect(weightValues(resumed.critic)).toEqual(weightValues(straight.critic));
    // Without the critic in the checkpoint, its weights would have stayed at seed 8's.
    expect(weightValues(resumed.critic)).not.toEqual(weightValues(tinyDepthModel(8)));
    for (const r of [straight, killed, resumed]) r.criticOptimizer.dispose();
  });

  it('refuses to resume a run whose checkpoint lacks a named extra model', async () => {
    const first = twoNetworkRun(1, 2);
    await fit({ ...config(first, outDir, { steps: 2 }), extraModels: undefined });
    const second = twoNetworkRun(1, 2);
    await expect(fit(config(second, outDir, { resume: true }))).rejects.toThrow(/no extra model 'critic'/);
    for (const r of [first, second]) r.criticOptimizer.dispose();
  });
});

import * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';
import { createOptimizer, initEngine, TrainRandom, type Batch, type LossResult, type TrainBatch, type TrainStepContext } from '@depthkit/core';
import { expectNoTensorLeak } from '@depthkit/core/testing';
import { beforeAll, describe, expect, it } from 'vitest';
import { defaultConfig, type SegmentDepthConfig } from './config.js';
import { groupTable } from './groups.js';
import { buildSegmentDepthNetwork } from './model/segment-depth-network.js';
import { discriminatorStep, generatorStep, segmentDepthTrainer, trainableVariables, type Adversary } from './trainer.js';

const config: SegmentDepthConfig = { ...defaultConfig, unetWidths: [4, 8], discriminatorWidths: [4, 8] };

function context(model: tfl.LayersModel): TrainStepContext {
  const variables = trainableVariables(model);
  const optimizer = createOptimizer({ type: 'adam', lr: 1e-2, beta1: 0.5 }, variables);
  // As fit() does: terms kept past the tape, read back as numbers.
  const gradients = (f: () => LossResult, of?: tf.Variable[]) => {
    let kept: Record<string, tf.Scalar> = {};
    const { value, grads } = tf.variableGrads(() => {
      const r = f();
      kept = Object.fromEntries(Object.entries(r.terms ?? {}).map(([k, t]) => [k, tf.keep(t)]));
      return r.total;
    }, of ?? variables);
    const terms = Object.fromEntries(Object.entries(kept).map(([k, t]) => [k, t.dataSync()[0]]));
    const loss = value.dataSync()[0];
    tf.dispose([value, ...Object.values(kept)]);
    return { value: loss, terms, grads: (of ?? variables).map((v) => grads[v.name] ?? null) };
  };
  return {
    step: 1, epoch: 0, lr: 1e-2, random: new TrainRandom(0), model, optimizer, variables, gradients,
    applyGradients: (grads) => {
      optimizer.apply(grads, 1e-2);
      return {};
    },
  };
}

function batch(): TrainBatch {
  return {
    images: tf.randomUniform([2, 8, 12, 3], -2, 2, 'float32', 1) as tf.Tensor4D,
    depth: tf.randomUniform([2, 8, 12, 1], 1, 90, 'float32', 2) as tf.Tensor4D,
    labels: tf.randomUniform([2, 8, 12, 1], 0, 23, 'int32', 3),
  };
}

const snapshot = (vars: tf.Variable[]) => vars.map((v) => Array.from(v.dataSync()));
const changed = (before: number[][], vars: tf.Variable[]) => snapshot(vars).map((after, i) => after.some((x, j) => x !== before[i][j]));

describe('alternating discriminator / generator updates', () => {
  beforeAll(async () => {
    await initEngine({ engine: 'wasm', log: false });
  });

  it('the discriminator step moves the discriminator only; the generator step the generator only', async () => {
    const built = buildSegmentDepthNetwork(config);
    const ctx = context(built.model);
    const trainer = segmentDepthTrainer(built, config);
    const d = trainer.extraModels!.discriminator;
    const adversary: Adversary = { discriminator: d.model, optimizer: d.optimizer!, variables: trainableVariables(d.model) };
    const b = batch();
    const table = groupTable(config.labelSet, config.groups);
    await expectNoTensorLeak(() => {
      const g0 = snapshot(ctx.variables);
      const d0 = snapshot(adversary.variables);
      const { fake } = generatorStep(b, ctx, config, table, adversary);
      expect(changed(g0, ctx.variables).every(Boolean)).toBe(true);
      expect(changed(d0, adversary.variables).some(Boolean)).toBe(false);

      const g1 = snapshot(ctx.variables);
      discriminatorStep(b, fake, ctx, config, adversary);
      fake.dispose();
      expect(changed(d0, adversary.variables).every(Boolean)).toBe(true);
      expect(changed(g1, ctx.variables).some(Boolean)).toBe(false);
      expect(adversary.optimizer.iterations).toBe(1);
      expect(ctx.optimizer.iterations).toBe(1);
    });
    tf.dispose(Object.values(b));
    trainer.dispose?.();
    ctx.optimizer.dispose();
    built.model.dispose();
  });

  it('one trainer step updates both networks once and logs every term', async () => {
    const built = buildSegmentDepthNetwork(config);
    const ctx = context(built.model);
    const trainer = segmentDepthTrainer(built, config);
    const d = trainer.extraModels!.discriminator;
    const dVars = trainableVariables(d.model);
    const b = batch();
    const asBatch = { ...b, meta: {}, dispose: () => undefined } as unknown as Batch;
    await expectNoTensorLeak(async () => {
      const g0 = snapshot(ctx.variables);
      const d0 = snapshot(dVars);
      const result = await trainer.step([asBatch], ctx);
      expect(changed(g0, ctx.variables).every(Boolean)).toBe(true);
      expect(changed(d0, dVars).every(Boolean)).toBe(true);
      expect(Object.keys(result.terms ?? {})).toEqual(expect.arrayContaining(['rec1', 'bce4', 'depth', 'seg', 'adv', 'disc']));
      expect(d.optimizer!.iterations).toBe(1);
    });
    await expect(async () => trainer.step([asBatch, asBatch], ctx)).rejects.toThrow(/accumulation/);
    tf.dispose(Object.values(b));
    trainer.dispose?.();
    ctx.optimizer.dispose();
    built.model.dispose();
  });
});

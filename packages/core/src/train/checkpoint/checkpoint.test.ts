import * as tf from '@tensorflow/tfjs-core';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { initEngine } from '../../engine/engine.js';
import { expectNoTensorLeak } from '../../testing/index.js';
import { createOptimizer } from '../optimizers/create-optimizer.js';
import { tinyDepthModel, weightValues } from '../testing/tiny-depth-task.js';
import { Checkpoint, type TrainState } from './checkpoint.js';

const stateAt = (step: number): TrainState => ({ step, epoch: 0, data: { batches: step, next: { epoch: 0, step } }, rng: 1234 + step, best: null, extra: { step } });

describe('Checkpoint', () => {
  let dir: string;
  beforeAll(async () => {
    await initEngine({ engine: 'wasm', log: false });
  });
  beforeEach(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'dk-ckpt-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  /** A model + optimizer whose values depend on `k`, so each saved version is recognisable. */
  function parts(k: number) {
    const model = tinyDepthModel(k);
    const variables = model.trainableWeights.map((w) => (w as unknown as { val: tf.Variable }).val);
    const optimizer = createOptimizer({ type: 'adam', lr: 0.1 }, variables);
    const grads = variables.map((v) => tf.fill(v.shape, 0.01 * k));
    optimizer.apply(grads, 0.1);
    tf.dispose(grads);
    return { model, optimizer };
  }

  it('round-trips weights, optimizer slots and state into a rebuilt model (layer names differ)', async () => {
    const a = parts(3);
    const ckpt = new Checkpoint(path.join(dir, 'last'));
    await ckpt.save({ ...a, state: stateAt(7) });
    const b = parts(5);
    expect(b.model.layers[1].name).not.toBe(a.model.layers[1].name);
    const state = await expectNoTensorLeak(() => ckpt.restore(b.model, b.optimizer));
    expect(state).toEqual(stateAt(7));
    expect(weightValues(b.model)).toEqual(weightValues(a.model));
    expect(b.optimizer.iterations).toBe(1);
    b.optimizer.slots().forEach((s, i) => expect(Array.from(s.tensor.dataSync())).toEqual(Array.from(a.optimizer.slots()[i].tensor.dataSync())));
    expect(await readdir(path.join(dir, 'last'))).toEqual(['model.json', 'optimizer.bin', 'state.json', 'weights.bin']);
    a.optimizer.dispose();
    b.optimizer.dispose();
  });

  it('a crash at any stage of a save leaves a loadable checkpoint, the old one or the new one', async () => {
    const stages = ['write model.json', 'write weights.bin', 'write optimizer.bin', 'write state.json', 'renamed old away', 'rename new in', 'remove old'];
    const v1 = parts(1);
    const v2 = parts(2);
    for (const stage of stages) {
      const where = path.join(dir, stage.replace(/\W+/g, '-'));
      await new Checkpoint(path.join(where, 'last')).save({ ...v1, state: stateAt(1) });
      const crashing = new Checkpoint(path.join(where, 'last'), (s) => {
        if (s === stage) throw new Error(`simulated crash at ${s}`);
      });
      await expect(crashing.save({ ...v2, state: stateAt(2) })).rejects.toThrow(/simulated crash/);
      // A new process reads the directory as the crash left it.
      const probe = parts(9);
      const state = await new Checkpoint(path.join(where, 'last')).restore(probe.model, probe.optimizer);
      const newDone = stage === 'rename new in' || stage === 'remove old' || stage === 'renamed old away';
      expect(state?.step, stage).toBe(newDone ? 2 : 1);
      expect(weightValues(probe.model), stage).toEqual(weightValues((newDone ? v2 : v1).model));
      // The next save cleans up after the crash and becomes the one loaded.
      await new Checkpoint(path.join(where, 'last')).save({ ...v1, state: stateAt(3) });
      expect(await readdir(where), stage).toEqual(['last']);
      expect((await new Checkpoint(path.join(where, 'last')).read())?.state.step, stage).toBe(3);
      probe.optimizer.dispose();
    }
    v1.optimizer.dispose();
    v2.optimizer.dispose();
  });

  it('reads nothing from an empty or truncated directory', async () => {
    const ckpt = new Checkpoint(path.join(dir, 'last'));
    expect(await ckpt.read()).toBeNull();
    const v = parts(1);
    await ckpt.save({ ...v, state: stateAt(1) });
    const { truncate } = await import('node:fs/promises');
    await truncate(path.join(dir, 'last', 'weights.bin'), 10);
    expect(await ckpt.read()).toBeNull();
    v.optimizer.dispose();
  });
});

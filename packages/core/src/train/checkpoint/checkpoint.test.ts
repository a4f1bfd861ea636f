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

  /** A model + optimizer whose values depend on `k`, after `k` updates (a checkpoint's step must equal them). */
  function parts(k: number) {
    const model = tinyDepthModel(k);
    const variables = model.trainableWeights.map((w) => (w as unknown as { val: tf.Variable }).val);
    const optimizer = createOptimizer({ type: 'adam', lr: 0.1 }, variables);
    const grads = variables.map((v) => tf.fill(v.shape, 0.01 * k));
    for (let i = 0; i < k; i++) optimizer.apply(grads, 0.1);
    tf.dispose(grads);
    return { model, optimizer };
  }

  it('round-trips weights, optimizer slots and state into a rebuilt model (layer names differ)', async () => {
    const a = parts(3);
    const ckpt = new Checkpoint(path.join(dir, 'last'));
    await ckpt.save({ ...a, state: stateAt(3), fingerprint: { batch: 4, data: 'abc' } });
    const b = parts(5);
    expect(b.model.layers[1].name).not.toBe(a.model.layers[1].name);
    const restored = await expectNoTensorLeak(() => ckpt.restore(b.model, b.optimizer));
    expect(restored).toEqual({ dir: path.join(dir, 'last'), state: stateAt(3), fingerprint: { batch: 4, data: 'abc' }, rejected: [] });
    expect(weightValues(b.model)).toEqual(weightValues(a.model));
    expect(b.optimizer.iterations).toBe(3);
    b.optimizer.slots().forEach((s, i) => expect(Array.from(s.tensor.dataSync())).toEqual(Array.from(a.optimizer.slots()[i].tensor.dataSync())));
    expect(await readdir(path.join(dir, 'last'))).toEqual(['model.json', 'optimizer.bin', 'state.json', 'weights.bin']);
    a.optimizer.dispose();
    b.optimizer.dispose();
  });

  it('a crash at any stage of a save leaves a loadable checkpoint, the old one or the new one', async () => {
    const stages = ['write model.json', 'write weights.bin', 'write optimizer.bin', 'write state.json', 'renamed old away', 'rename new in', 'remove old'];
    const v1 = parts(1);
    const v2 = parts(2);
    const v3 = parts(3);
    for (const stage of stages) {
      const where = path.join(dir, stage.replace(/\W+/g, '-'));
      await new Checkpoint(path.join(where, 'last')).save({ ...v1, state: stateAt(1) });
      const crashing = new Checkpoint(path.join(where, 'last'), (s) => {
        if (s === stage) throw new Error(`simulated crash at ${s}`);
      });
      await expect(crashing.save({ ...v2, state: stateAt(2) })).rejects.toThrow(/simulated crash/);
      // A new process reads the directory as the crash left it.
      const probe = parts(9);
      const { state } = await new Checkpoint(path.join(where, 'last')).restore(probe.model, probe.optimizer);
      const newDone = stage === 'rename new in' || stage === 'remove old' || stage === 'renamed old away';
      expect(state?.step, stage).toBe(newDone ? 2 : 1);
      expect(weightValues(probe.model), stage).toEqual(weightValues((newDone ? v2 : v1).model));
      // The next save cleans up after the crash and becomes the one loaded.
      await new Checkpoint(path.join(where, 'last')).save({ ...v3, state: stateAt(3) });
      expect(await readdir(where), stage).toEqual(['last']);
      expect((await new Checkpoint(path.join(where, 'last')).read()).state?.step, stage).toBe(3);
      probe.optimizer.dispose();
    }
    for (const v of [v1, v2, v3]) v.optimizer.dispose();
  });

  it('reads nothing from an empty or truncated directory', async () => {
    const ckpt = new Checkpoint(path.join(dir, 'last'));
    expect((await ckpt.read()).state).toBeNull();
    const v = parts(1);
    await ckpt.save({ ...v, state: stateAt(1) });
    const { truncate } = await import('node:fs/promises');
    await truncate(path.join(dir, 'last', 'weights.bin'), 10);
    expect((await ckpt.read()).state).toBeNull();
    v.optimizer.dispose();
  });

  describe('with a previous version kept', () => {
    const open = () => new Checkpoint(path.join(dir, 'last'), undefined, path.join(dir, 'previous'));
    let versions: ReturnType<typeof parts>[];
    beforeAll(() => {
      versions = [1, 2, 3].map((k) => parts(k));
    });
    const saveAll = async () => {
      for (const [i, v] of versions.entries()) await open().save({ ...v, state: stateAt(i + 1) });
    };
    const loaded = async () => {
      const probe = parts(9);
      const restored = await open().restore(probe.model, probe.optimizer);
      probe.optimizer.dispose();
      return { restored, weights: weightValues(probe.model) };
    };

    it('keeps the version replaced as previous, and falls back to it when last is damaged, saying why', async () => {
      await saveAll();
      expect(await readdir(dir)).toEqual(['last', 'previous']);
      const { writeFile, readFile } = await import('node:fs/promises');
      const weights = path.join(dir, 'last', 'weights.bin');
      const bytes = await readFile(weights);
      bytes[bytes.length - 1] ^= 0xff;
      await writeFile(weights, bytes);
      const { restored, weights: values } = await loaded();
      expect(restored.state?.step).toBe(2);
      expect(values).toEqual(weightValues(versions[1].model));
      expect(restored.rejected).toEqual([{ dir: path.join(dir, 'last'), reason: 'weights.bin is damaged (its SHA-256 differs from the one written)' }]);
    });

    it('a hand-edited step is refused: by the digest, and without one by the optimizer\'s update count', async () => {
      await saveAll();
      const { writeFile, readFile } = await import('node:fs/promises');
      const stateFile = path.join(dir, 'last', 'state.json');
      const state = JSON.parse(await readFile(stateFile, 'utf8'));
      state.train.step = 9999;
      await writeFile(stateFile, JSON.stringify(state));
      expect((await loaded()).restored.rejected[0].reason).toBe('state.json was changed after it was written (its digest does not match)');
      delete state.digest;
      await writeFile(stateFile, JSON.stringify(state));
      const { restored } = await loaded();
      expect(restored.rejected[0].reason).toBe('state.json says step 9999 but the optimizer state holds 3 updates');
      expect(restored.state?.step).toBe(2);
    });

    it('nothing sound: null with every version\'s reason', async () => {
      await saveAll();
      const { truncate } = await import('node:fs/promises');
      await truncate(path.join(dir, 'last', 'optimizer.bin'), 3);
      await rm(path.join(dir, 'previous', 'state.json'));
      const { restored } = await loaded();
      expect(restored.state).toBeNull();
      expect(restored.rejected.map((r) => r.reason)).toEqual([expect.stringMatching(/^optimizer\.bin has 3 bytes, state\.json says \d+$/), 'state.json is missing (the write never finished)']);
    });

    it('a crash at any stage of a save leaves last and previous loadable, and the next save restores both', async () => {
      const stages = ['write weights.bin', 'write state.json', 'renamed old away', 'rename new in', 'remove old'];
      for (const stage of stages) {
        await rm(dir, { recursive: true, force: true });
        await open().save({ ...versions[0], state: stateAt(1) });
        await open().save({ ...versions[1], state: stateAt(2) });
        const crashing = new Checkpoint(path.join(dir, 'last'), (s) => {
          if (s === stage) throw new Error(`simulated crash at ${s}`);
        }, path.join(dir, 'previous'));
        await expect(crashing.save({ ...versions[2], state: stateAt(3) })).rejects.toThrow(/simulated crash/);
        const newDone = ['renamed old away', 'rename new in', 'remove old'].includes(stage);
        expect((await loaded()).restored.state?.step, stage).toBe(newDone ? 3 : 2);
        // Before the next save, the crash's leftovers are sorted: the newest complete version is last.
        await open().save({ ...versions[2], state: stateAt(3) });
        expect(await readdir(dir), stage).toEqual(['last', 'previous']);
        const previous = await new Checkpoint(path.join(dir, 'previous')).read();
        expect(previous.state?.step, stage).toBe(newDone ? 3 : 2);
      }
    });
  });
});

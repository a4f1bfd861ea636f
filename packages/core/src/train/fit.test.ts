import * as tf from '@tensorflow/tfjs-core';
import { mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { initEngine } from '../engine/engine.js';
import { maskedL1Loss } from '../losses/masked-l1.js';
import type { FitConfig, LossFn } from './fit-config.js';
import { fit, trainFiles } from './fit.js';
import { tinyData, tinyDepthModel, weightValues } from './testing/tiny-depth-task.js';
import { readTrainLog, readTrainLogLines } from './train-log.js';
import { createPipeline } from '../datasets/pipeline/pipeline.js';
import { arraySource } from '../datasets/pipeline/source.js';
import { randomFlip } from '../datasets/pipeline/augment/flip.js';
import { coordinateSample } from '../datasets/pipeline/testing/coordinate-sample.js';

const l1: LossFn = (batch, outputs) => {
  const loss = maskedL1Loss(outputs as tf.Tensor, batch.depth!, { mask: batch.mask });
  return { total: loss, terms: { l1: loss } };
};

describe('fit', () => {
  let outDir: string;
  beforeAll(async () => {
    await initEngine({ engine: 'wasm', log: false });
  });
  beforeEach(async () => {
    outDir = await mkdtemp(path.join(tmpdir(), 'dk-fit-'));
  });
  afterEach(async () => {
    await rm(outDir, { recursive: true, force: true });
  });

  const base = (overrides: Partial<FitConfig> = {}): FitConfig => ({
    model: overrides.model ?? tinyDepthModel(1),
    loss: l1,
    data: tinyData(7, 4, 5),
    optimizer: { type: 'adamw', lr: 1e-2, weightDecay: 1e-4 },
    schedule: { type: 'poly', power: 0.9, warmupSteps: 3, warmupFactor: 0.1 },
    steps: 10,
    clipGradNorm: 5,
    seed: 3,
    checkpointEvery: 3,
    outDir,
    log: 'none',
    ...overrides,
  });

  it('learns a depth with a known answer: the loss falls below half its start in 60 steps', async () => {
    const model = tinyDepthModel(1);
    const before = tf.memory().numTensors;
    const result = await fit(base({ model, steps: 60, checkpointEvery: 30, schedule: { type: 'cosine', warmupSteps: 5 }, optimizer: { type: 'adam', lr: 2e-2 } }));
    expect(tf.memory().numTensors).toBe(before);
    const first = result.losses.slice(0, 3).reduce((a, b) => a + b) / 3;
    const lastLosses = result.losses.slice(-5).reduce((a, b) => a + b) / 5;
    console.log(`tiny depth task: loss ${first.toFixed(4)} → ${lastLosses.toFixed(4)} in ${result.step} steps`);
    expect(result.step).toBe(60);
    expect(lastLosses).toBeLessThan(0.5 * first);
    const log = await readTrainLog(path.join(outDir, trainFiles.log));
    expect(log.map((e) => e.step)).toEqual(Array.from({ length: 60 }, (_, i) => i + 1));
    expect(log[0]).toMatchObject({ kind: 'step', epoch: 0, terms: { l1: expect.any(Number) }, gradNorm: expect.any(Number) });
    expect((await stat(path.join(outDir, trainFiles.curves))).size).toBeGreaterThan(1000);
  });

  it('N steps, a kill, and --resume give bit-exactly the weights of N+M uninterrupted steps', async () => {
    const straight = tinyDepthModel(1);
    await fit(base({ model: straight, outDir: path.join(outDir, 'straight'), accumulate: 2 }));

    const killed = path.join(outDir, 'killed');
    const crash = (step: number) => {
      if (step === 8) throw new Error('simulated kill');
    };
    await expect(fit(base({ model: tinyDepthModel(1), outDir: killed, accumulate: 2, onStep: ({ step }) => crash(step) }))).rejects.toThrow('simulated kill');
    // A new process: a differently initialised model, everything restored from checkpoints/last (step 6).
    const resumed = tinyDepthModel(99);
    const result = await fit(base({ model: resumed, outDir: killed, accumulate: 2, resume: true }));
    expect(result.resumedFrom).toBe(6);
    expect(result.step).toBe(10);
    expect(weightValues(resumed)).toEqual(weightValues(straight));
    // The log holds each step once: the steps redone after the checkpoint replaced the lost ones.
    const log = await readTrainLog(path.join(killed, trainFiles.log));
    expect(log.map((e) => e.step)).toEqual(Array.from({ length: 10 }, (_, i) => i + 1));
  });

  it('resumes a seeded pipeline at its stored position, trained by epochs', async () => {
    const pipeline = () => createPipeline({
      source: arraySource(Array.from({ length: 7 }, (_, i) => ({ ...coordinateSample(8, 8, `s${i}`), id: `s${i}` }))),
      batchSize: 3, dropRemainder: true, seed: 5, epochs: 3, augment: [randomFlip(0.5)],
    });
    const config = (dir: string, model = tinyDepthModel(1)) => base({ model, data: pipeline(), steps: undefined, epochs: 3, outDir: path.join(outDir, dir) });
    const straight = tinyDepthModel(1);
    const full = await fit(config('straight', straight));
    expect([full.step, full.epoch]).toEqual([6, 2]);
    await expect(fit({ ...config('killed'), onStep: ({ step }) => {
      if (step === 5) throw new Error('simulated kill');
    } })).rejects.toThrow('simulated kill');
    const resumed = tinyDepthModel(42);
    const result = await fit({ ...config('killed', resumed), resume: true });
    expect([result.resumedFrom, result.step]).toEqual([3, 6]);
    expect(weightValues(resumed)).toEqual(weightValues(straight));
  });

  it('accumulating k micro-batches equals one step on their union (linear model)', async () => {
    const { tfl, linear } = await linearModel();
    const a = linear(0);
    const b = linear(0);
    const mse: LossFn = (batch, outputs) => ({ total: tf.mean(tf.square(tf.sub(outputs as tf.Tensor, batch.depth!))) as tf.Scalar });
    const batchOf = (images: tf.Tensor4D, depth: tf.Tensor4D, step: number) => ({
      images, depth, meta: { epoch: 0, step, indices: [], ids: [], intrinsics: [], augment: [] }, dispose: () => tf.dispose([images, depth]),
    });
    const x = tf.randomUniform([8, 1, 1, 3], -1, 1, 'float32', 4) as tf.Tensor4D;
    const y = tf.randomUniform([8, 1, 1, 1], 0, 3, 'float32', 5) as tf.Tensor4D;
    const common = { loss: mse, optimizer: { type: 'sgd' as const, lr: 0.1, momentum: 0.9 }, steps: 1, log: 'none' as const, curves: false };
    await fit({ ...common, model: a, outDir: path.join(outDir, 'a'), data: (async function* () {
      yield batchOf(x.clone(), y.clone(), 0);
    })() });
    await fit({ ...common, model: b, outDir: path.join(outDir, 'b'), accumulate: 2, data: (async function* () {
      const half = (t: tf.Tensor4D, from: number) => tf.slice(t, [from, 0, 0, 0], [4, -1, -1, -1]);
      yield batchOf(half(x, 0), half(y, 0), 0);
      yield batchOf(half(x, 4), half(y, 4), 1);
    })() });
    tf.dispose([x, y]);
    const wa = weightValues(a).flatMap((w) => Array.from(w));
    const wb = weightValues(b).flatMap((w) => Array.from(w));
    wa.forEach((v, i) => expect(wb[i]).toBeCloseTo(v, 6));
    expect(wa).not.toEqual(weightValues(linear(0)).flatMap((w) => Array.from(w)));
    expect(tfl).toBeDefined();
  });

  it('throws naming the step when a step leaks tensors', async () => {
    const leaky: LossFn = (batch, outputs, ctx) => {
      if (ctx.step === 2) tf.keep(tf.scalar(1));
      return l1(batch, outputs, ctx);
    };
    await expect(fit(base({ loss: leaky, steps: 4 }))).rejects.toThrow(/^tensor leak in training step 2: \+1 tensors/);
  });

  it('validates every N steps and keeps the best checkpoint by the chosen metric', async () => {
    const values = [0.5, 0.3, 0.4, 0.35];
    let calls = 0;
    const result = await fit(base({
      steps: 8, validateEvery: 2, bestMetric: { name: 'abs_rel', mode: 'min' },
      validate: async (_model, { step }) => ({ abs_rel: values[calls++], d1: step / 10 }),
    }));
    expect(calls).toBe(4);
    expect(result.best).toEqual({ name: 'abs_rel', mode: 'min', value: 0.3, step: 4 });
    const ckpts = path.join(outDir, 'checkpoints');
    expect((await readdir(ckpts)).sort()).toEqual(['best', 'last', 'previous']);
    const log = await readTrainLog(path.join(outDir, trainFiles.log));
    expect(log.filter((e) => e.kind === 'validation').map((e) => e.step)).toEqual([2, 4, 6, 8]);
  });

  it('a custom trainStep and extra method state are checkpointed with the run', async () => {
    let counter = 0;
    const config = base({
      loss: undefined,
      steps: 4,
      trainStep: (batches, ctx) => {
        const g = ctx.gradients(() => l1(batches[0], ctx.model.apply(batches[0].images, { training: true }) as tf.Tensor, ctx));
        ctx.applyGradients(g.grads);
        tf.dispose(g.grads.filter((t): t is tf.Tensor => t != null));
        counter += ctx.random.next();
        return { loss: g.value, terms: g.terms };
      },
      extraState: () => ({ counter }),
      restoreExtraState: (s) => {
        counter = (s as { counter: number }).counter;
      },
    });
    await fit(config);
    const afterFour = counter;
    counter = 0;
    const resumed = await fit({ ...config, resume: true, steps: 4 });
    expect(resumed.resumedFrom).toBe(4);
    expect(counter).toBe(afterFour);
  });

  it('onFreshStart runs before the first update of a fresh run, never on a restore', async () => {
    const calls: string[] = [];
    const model = tinyDepthModel(1);
    const firstKernel = () => Array.from(model.weights[0].read().dataSync());
    const marked = (label: string) => () => {
      calls.push(label);
      // What a weight loader does: the first update must start from these values.
      model.weights[0].write(tf.tidy(() => tf.fill(model.weights[0].shape as number[], 0.5)));
    };
    await fit(base({ model, steps: 2, onFreshStart: marked('fresh') }));
    expect(calls).toEqual(['fresh']);
    const log = await readTrainLog(path.join(outDir, trainFiles.log));
    expect(log.filter((e) => e.kind === 'step')).toHaveLength(2);
    const trained = firstKernel();
    expect(trained.every((v) => v === 0.5)).toBe(false);
    await fit(base({ model: tinyDepthModel(1), steps: 4, onFreshStart: marked('restored'), resume: true }));
    expect(calls).toEqual(['fresh']);
    await fit(base({ model, steps: 1, onFreshStart: marked('overwritten'), overwrite: true, warn: () => undefined }));
    expect(calls).toEqual(['fresh', 'overwritten']);
  });

  it('--resume with no checkpoint is refused naming the folder, and nothing is written', async () => {
    const empty = path.join(outDir, 'empty');
    await expect(fit(base({ outDir: empty, resume: true }))).rejects.toThrow(
      `resume: no checkpoint to resume from in ${path.join(empty, 'checkpoints')} (neither last nor previous exists); run without --resume to start afresh`,
    );
    await expect(readdir(empty)).rejects.toThrow(/ENOENT/);
    // A run killed before its first checkpoint left a log: the way out is --overwrite.
    await fit(base({ outDir: empty, steps: 2, checkpointEvery: 100 }));
    await rm(path.join(empty, trainFiles.checkpoints), { recursive: true });
    await expect(fit(base({ outDir: empty, resume: true }))).rejects.toThrow(
      `(neither last nor previous exists); the run there (train-log.jsonl) stopped before its first checkpoint; run with --overwrite instead of --resume to start afresh`,
    );
  });

  it('a fresh run into a folder holding a run is refused; overwrite deletes the old run first', async () => {
    await fit(base({ steps: 4 }));
    const before = await readFile(path.join(outDir, trainFiles.log), 'utf8');
    await expect(fit(base({ steps: 2 }))).rejects.toThrow(
      `${outDir} already holds a training run (train-log.jsonl, checkpoints/{last,previous}); add --resume to continue it, or --overwrite to delete it and start afresh`,
    );
    expect(await readFile(path.join(outDir, trainFiles.log), 'utf8')).toBe(before);
    const warnings: string[] = [];
    await fit(base({ steps: 2, overwrite: true, warn: (line) => warnings.push(line) }));
    expect(warnings).toEqual([`--overwrite: deleting the run in ${outDir} (train-log.jsonl, checkpoints/{last,previous}) and starting afresh`]);
    expect((await readTrainLog(path.join(outDir, trainFiles.log))).map((e) => e.step)).toEqual([1, 2]);
    // The old run's checkpoints are gone (this run saved once, at its end).
    expect(await readdir(path.join(outDir, trainFiles.checkpoints))).toEqual(['last']);
  });

  it('a resume with another fingerprint is refused listing the differences; force proceeds loudly and logs them', async () => {
    const fingerprint = { batch: 4, seed: 3, crop: '64x96', preset: 'tiny', splitList: 'aa11' };
    await fit(base({ steps: 4, fingerprint }));
    const other = { ...fingerprint, batch: 2, crop: '32x64', data: '/elsewhere' };
    await expect(fit(base({ fingerprint: other, resume: true }))).rejects.toThrow(
      `resume: the checkpoint in ${path.join(outDir, 'checkpoints')} was made with other settings (saved → now):\n`
      + '  batch: 4 → 2\n  crop: "64x96" → "32x64"\n  data: (not recorded) → "/elsewhere"\n'
      + 'expected the settings it was made with: resume with them, or add --force to continue anyway (the run will not match an uninterrupted one)',
    );
    const warnings: string[] = [];
    const result = await fit(base({ fingerprint: other, resume: true, force: true, warn: (line) => warnings.push(line) }));
    expect(result).toMatchObject({ resumedFrom: 4, step: 10 });
    expect(warnings.join('\n')).toMatch(/^WARNING: --force: resuming .* despite 3 setting\(s\) that differ[^]*batch: 4 → 2[^]*WARNING: the result will not match/);
    const marker = (await readTrainLogLines(path.join(outDir, trainFiles.log))).find((e) => e.kind === 'resume');
    expect(marker).toMatchObject({ kind: 'resume', step: 4, checkpoint: path.join('checkpoints', 'last'), forced: ['batch: 4 → 2', 'crop: "64x96" → "32x64"', 'data: (not recorded) → "/elsewhere"'] });
  });

  it('an aborted signal stops after the current update with a checkpoint; the resume appends to the log and matches an uninterrupted run', async () => {
    const straight = tinyDepthModel(1);
    await fit(base({ model: straight, outDir: path.join(outDir, 'straight') }));
    const stopped = path.join(outDir, 'stopped');
    const controller = new AbortController();
    const first = await fit(base({ outDir: stopped, checkpointEvery: 100, signal: controller.signal, onStep: ({ step }) => {
      if (step === 5) controller.abort('SIGINT');
    } }));
    expect(first).toMatchObject({ step: 5, interrupted: 'SIGINT', stoppedEarly: 'interrupted by SIGINT' });
    const logFile = path.join(stopped, trainFiles.log);
    const written = await readFile(logFile, 'utf8');
    // A kill tears the last line mid-write; the resume must neither lose nor glue onto it.
    await writeFile(logFile, `${written}{"kind":"step","step":6,"ep`);
    const resumed = tinyDepthModel(99);
    const result = await fit(base({ model: resumed, outDir: stopped, resume: true }));
    expect([result.resumedFrom, result.step]).toEqual([5, 10]);
    expect(weightValues(resumed)).toEqual(weightValues(straight));
    const text = await readFile(logFile, 'utf8');
    expect(text.startsWith(written)).toBe(true);
    const lines = await readTrainLogLines(logFile);
    expect(lines.map((e) => (e.kind === 'resume' ? 'resume' : e.step))).toEqual([1, 2, 3, 4, 5, 'resume', 6, 7, 8, 9, 10]);
  });

  it('checkpoints on the clock as well as on the step count', async () => {
    const saves: number[] = [];
    const hook = (stage: string) => {
      if (stage === 'write state.json') saves.push(saves.length + 1);
    };
    await fit(base({ steps: 4, checkpointEvery: 100, checkpointWriteHook: hook }));
    expect(saves).toHaveLength(1);
    saves.length = 0;
    // 0 minutes: the clock is always due, so every update saves.
    await fit(base({ steps: 4, checkpointEvery: 100, checkpointEveryMinutes: 0, checkpointWriteHook: hook, overwrite: true, warn: () => undefined }));
    expect(saves).toHaveLength(4);
  });

  it('a spent time limit stops after the current update, saves it, and a resume continues from there', async () => {
    const stopped = await fit(base({ timeLimitSeconds: 0, checkpointEvery: 100 }));
    expect(stopped.step).toBe(1);
    expect(stopped.stoppedEarly).toMatch(/^time limit of 0 s reached/);
    const resumed = await fit(base({ resume: true }));
    expect(resumed.resumedFrom).toBe(1);
    expect(resumed.step).toBe(10);
    expect(resumed.stoppedEarly).toBeUndefined();
  });
});

async function linearModel() {
  const tfl = await import('@tensorflow/tfjs-layers');
  const linear = (seed: number) => {
    const input = tfl.input({ shape: [1, 1, 3] });
    const output = tfl.layers.dense({ units: 1, kernelInitializer: tfl.initializers.randomNormal({ seed: seed + 1 }) }).apply(input) as import('@tensorflow/tfjs-layers').SymbolicTensor;
    return tfl.model({ inputs: input, outputs: output });
  };
  return { tfl, linear };
}

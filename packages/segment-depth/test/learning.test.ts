import { evaluateMethod, generateSynthDataset, initEngine, meanBaseline, synthiaSpec, trainMethod } from '@depthkit/core';
import { mkdtemp, readdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { segmentDepth } from '../src/method.js';

// The tiny preset (the full explicit model with its discriminator) trained on `depthkit synth
// --layout synthia` data must beat the train-set-mean baseline clearly on held-out synthetic
// SYNTHIA frames: AbsRel ≤ 0.7× the baseline's.
describe('segment-depth learns (tiny preset, synthetic SYNTHIA)', () => {
  let data: string;
  beforeAll(async () => {
    await initEngine({ engine: 'wasm', log: false });
    data = await mkdtemp(path.join(tmpdir(), 'dk-segdepth-data-'));
    const size = segmentDepth.presets.tiny.training.synthetic!.size!;
    await generateSynthDataset({ layout: 'synthia', out: data, count: 64, seed: 11, split: 'train', size });
    await generateSynthDataset({ layout: 'synthia', out: data, count: 16, seed: 12, split: 'test', size });
  });

  it('reaches AbsRel ≤ 0.7× the mean baseline on held-out frames', { timeout: 600_000 }, async () => {
    const out = await mkdtemp(path.join(tmpdir(), 'dk-segdepth-out-'));
    const trained = await trainMethod({ method: segmentDepth, preset: 'tiny', dataDir: data, outDir: out, log: 'none', validate: false });
    const report = await evaluateMethod({ method: segmentDepth, modelDir: trained.modelDir, dataDir: data, dataset: synthiaSpec });
    const baseline = await meanBaseline(synthiaSpec, data);
    const mine = report.metrics!.abs_rel;
    const base = baseline.report.metrics!.abs_rel;
    console.log(`segment-depth tiny: abs_rel ${mine.toFixed(4)} (${(mine / base).toFixed(2)}× baseline ${base.toFixed(4)}), rmse ${report.metrics!.rmse.toFixed(3)}, d1 ${report.metrics!.d1.toFixed(3)}; loss ${trained.losses[0].toFixed(3)} → ${trained.losses.at(-1)!.toFixed(3)}`);
    expect(mine).toBeLessThanOrEqual(0.7 * base);
    // The discriminator and its Adam state were checkpointed beside the model.
    expect(await readdir(path.join(out, 'checkpoints', 'last'))).toEqual(expect.arrayContaining(['extra-discriminator.weights.bin', 'extra-discriminator.optimizer.bin']));
  });
});

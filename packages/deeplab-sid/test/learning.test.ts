import { generateSynthDataset, initEngine, kittiSpec, meanBaseline, trainMethod, evaluateMethod } from '@depthkit/core';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { deeplabSid } from '../src/method.js';

// The tiny preset trained on `depthkit synth --layout kitti` data must beat the train-set-mean
// baseline clearly on held-out synthetic frames: AbsRel ≤ 0.7× the baseline's.
describe('DeepLab-SID learns (tiny preset, synthetic KITTI)', () => {
  let data: string;
  beforeAll(async () => {
    await initEngine({ engine: 'wasm', log: false });
    data = await mkdtemp(path.join(tmpdir(), 'dk-dls-data-'));
    await generateSynthDataset({ layout: 'kitti', out: data, count: 64, seed: 11, split: 'train', size: [320, 128] });
    await generateSynthDataset({ layout: 'kitti', out: data, count: 16, seed: 12, split: 'test', size: [320, 128] });
  });

  it('reaches AbsRel ≤ 0.7× the mean baseline on held-out frames', async () => {
    const out = await mkdtemp(path.join(tmpdir(), 'dk-dls-out-'));
    const trained = await trainMethod({ method: deeplabSid, preset: 'tiny', dataDir: data, outDir: out, log: 'none', validate: false });
    const report = await evaluateMethod({ method: deeplabSid, modelDir: trained.modelDir, dataDir: data });
    const baseline = await meanBaseline(kittiSpec, data);
    const mine = report.metrics!.abs_rel;
    const base = baseline.report.metrics!.abs_rel;
    console.log(`deeplab-sid tiny: abs_rel ${mine.toFixed(4)} (${(mine / base).toFixed(2)}× baseline ${base.toFixed(4)}), rmse ${report.metrics!.rmse.toFixed(3)}, d1 ${report.metrics!.d1.toFixed(3)}; loss ${trained.losses[0].toFixed(3)} → ${trained.losses.at(-1)!.toFixed(3)}`);
    expect(mine).toBeLessThanOrEqual(0.7 * base);
  }, 600_000);
});

import { generateSynthDataset, initEngine, kittiSpec, meanBaseline, trainMethod, evaluateMethod } from '@depthkit/core';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { dsSidenet } from '../src/method.js';

// Slow on a shared 2-core machine (a tiny train step is ~1–5 s under load), hence the long timeouts.
// The tiny preset (high-range network, soft-cl + reg, tested on the classification branch)
// trained on `depthkit synth --layout kitti` data must beat the train-set-mean baseline clearly
// on held-out synthetic frames: AbsRel ≤ 0.7× the baseline's.
describe('DS-SIDENet learns (tiny preset, synthetic KITTI)', () => {
  let data: string;
  beforeAll(async () => {
    await initEngine({ engine: 'wasm', log: false });
    data = await mkdtemp(path.join(tmpdir(), 'dk-dss-data-'));
    await generateSynthDataset({ layout: 'kitti', out: data, count: 64, seed: 11, split: 'train', size: [320, 128] });
    await generateSynthDataset({ layout: 'kitti', out: data, count: 16, seed: 12, split: 'test', size: [320, 128] });
  }, 600_000);

  it('reaches AbsRel ≤ 0.7× the mean baseline on held-out frames', async () => {
    const out = await mkdtemp(path.join(tmpdir(), 'dk-dss-out-'));
    const trained = await trainMethod({ method: dsSidenet, preset: 'tiny', dataDir: data, outDir: out, log: 'none', validate: false });
    const report = await evaluateMethod({ method: dsSidenet, modelDir: trained.modelDir, dataDir: data });
    const baseline = await meanBaseline(kittiSpec, data);
    const mine = report.metrics!.abs_rel;
    const base = baseline.report.metrics!.abs_rel;
    console.log(`ds-sidenet tiny: abs_rel ${mine.toFixed(4)} (${(mine / base).toFixed(2)}× baseline ${base.toFixed(4)}), rmse ${report.metrics!.rmse.toFixed(3)}, d1 ${report.metrics!.d1.toFixed(3)}; loss ${trained.losses[0].toFixed(3)} → ${trained.losses.at(-1)!.toFixed(3)}`);
    expect(mine).toBeLessThanOrEqual(0.7 * base);
  }, 1_800_000);
});

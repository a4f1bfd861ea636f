import { evaluateMethod, generateSynthDataset, initEngine, kittiSpec, meanBaseline, trainMethod } from '@depthkit/core';
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { regionSupport } from '../src/method.js';

// The tiny preset trained on `depthkit synth --layout kitti` data must beat the train-set-mean
// baseline clearly on held-out synthetic frames: AbsRel ≤ 0.7× the baseline's.
describe('region-support learns (tiny preset, synthetic KITTI)', () => {
  let data: string;
  beforeAll(async () => {
    await initEngine({ engine: 'wasm', log: false });
    data = await mkdtemp(path.join(tmpdir(), 'dk-rs-data-'));
    await generateSynthDataset({ layout: 'kitti', out: data, count: 64, seed: 11, split: 'train', size: [320, 128] });
    await generateSynthDataset({ layout: 'kitti', out: data, count: 16, seed: 12, split: 'test', size: [320, 128] });
  });

  it('reaches AbsRel ≤ 0.7× the mean baseline on held-out frames, and δ_v moves and is saved', async () => {
    const out = await mkdtemp(path.join(tmpdir(), 'dk-rs-out-'));
    const trained = await trainMethod({ method: regionSupport, preset: 'tiny', dataDir: data, outDir: out, log: 'none', validate: false });
    const report = await evaluateMethod({ method: regionSupport, modelDir: trained.modelDir, dataDir: data });
    const baseline = await meanBaseline(kittiSpec, data);
    const mine = report.metrics!.abs_rel;
    const base = baseline.report.metrics!.abs_rel;
    const log = (await readFile(path.join(out, 'train-log.jsonl'), 'utf8')).trim().split('\n').map((l) => JSON.parse(l) as { kind: string; terms?: Record<string, number> });
    const steps = log.filter((e) => e.kind === 'step');
    const saved = JSON.parse(await readFile(path.join(trained.modelDir, 'model.json'), 'utf8')) as { userDefinedMetadata?: { depthkit?: { extraState?: { deltaV: number } } } };
    const deltaV = saved.userDefinedMetadata?.depthkit?.extraState?.deltaV;
    console.log(`region-support tiny: abs_rel ${mine.toFixed(4)} (${(mine / base).toFixed(2)}× baseline ${base.toFixed(4)}), rmse ${report.metrics!.rmse.toFixed(3)}, d1 ${report.metrics!.d1.toFixed(3)}; loss ${trained.losses[0].toFixed(3)} → ${trained.losses.at(-1)!.toFixed(3)}; cluster ${steps[0].terms!.cluster.toFixed(3)} → ${steps.at(-1)!.terms!.cluster.toFixed(3)}; δ_v 0.16 → ${deltaV}`);
    expect(mine).toBeLessThanOrEqual(0.7 * base);
    // δ_v followed δ_c: it left its initial value and the saved model carries it.
    expect(deltaV).toBeDefined();
    expect(deltaV).not.toBeCloseTo(0.16, 4);
    expect(deltaV).toBeCloseTo(steps.at(-1)!.terms!.delta_v * 0.99 + steps.at(-1)!.terms!.delta_c * 0.01, 5);
  }, 600_000);
});

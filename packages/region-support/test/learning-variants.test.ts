import { definePreset, evaluateMethod, generateSynthDataset, initEngine, kittiSpec, meanBaseline, trainMethod, type DepthMethod, type TrainingRecipe } from '@depthkit/core';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { RegionSupportConfig } from '../src/config.js';
import { regionSupport } from '../src/method.js';

// The README's variant figures, on the data of learning.test.ts (64 / 16 synthetic KITTI frames,
// seeds 11 / 12, 320×128): the depth-only path (clusterLoss 'rw', 60 steps; with the default
// nearest-centre assignment and with the 2δ_v radius) and the geometric means (depthMean 'log'). Each must still learn: AbsRel ≤ 0.7× the train-set mean's.

/** region-support with its `tiny` preset changed as given. */
function tinyVariant(config: Partial<RegionSupportConfig>, training: Partial<TrainingRecipe> = {}): DepthMethod<RegionSupportConfig> {
  const tiny = regionSupport.presets.tiny;
  const preset = definePreset<RegionSupportConfig>({ ...tiny, config: { ...tiny.config, ...config }, training: { ...tiny.training, ...training } });
  return { ...regionSupport, presets: { ...regionSupport.presets, tiny: preset } };
}

describe('region-support variants learn (tiny preset, synthetic KITTI)', () => {
  let data: string;
  let base: number;
  beforeAll(async () => {
    await initEngine({ engine: 'wasm', log: false });
    data = await mkdtemp(path.join(tmpdir(), 'dk-rs-var-data-'));
    await generateSynthDataset({ layout: 'kitti', out: data, count: 64, seed: 11, split: 'train', size: [320, 128] });
    await generateSynthDataset({ layout: 'kitti', out: data, count: 16, seed: 12, split: 'test', size: [320, 128] });
    base = (await meanBaseline(kittiSpec, data)).report.metrics!.abs_rel;
  });

  async function trainAndScore(name: string, method: DepthMethod<RegionSupportConfig>) {
    const out = await mkdtemp(path.join(tmpdir(), 'dk-rs-var-out-'));
    const trained = await trainMethod({ method, preset: 'tiny', dataDir: data, outDir: out, log: 'none', validate: false });
    const m = (await evaluateMethod({ method, modelDir: trained.modelDir, dataDir: data })).metrics!;
    console.log(`region-support tiny, ${name}: abs_rel ${m.abs_rel.toFixed(4)} (${(m.abs_rel / base).toFixed(2)}× baseline ${base.toFixed(4)}), rmse ${m.rmse.toFixed(3)}, d1 ${m.d1.toFixed(3)}; ${trained.steps} steps, loss ${trained.losses[0].toFixed(3)} → ${trained.losses.at(-1)!.toFixed(3)}`);
    return m.abs_rel;
  }

  it("depth only (clusterLoss 'rw', eqs. 3–5, 60 steps)", { timeout: 600_000 }, async () => {
    expect(await trainAndScore("clusterLoss 'rw', 60 steps", tinyVariant({ clusterLoss: 'rw' }, { steps: 60 }))).toBeLessThanOrEqual(0.7 * base);
  });

  it("depth only with the 2δ_v assignment radius (meanShift.assignRadius 2), 60 steps", { timeout: 600_000 }, async () => {
    const meanShift = { ...regionSupport.presets.tiny.config.meanShift, assignRadius: 2 };
    expect(await trainAndScore("clusterLoss 'rw', assignRadius 2, 60 steps", tinyVariant({ clusterLoss: 'rw', meanShift }, { steps: 60 }))).toBeLessThanOrEqual(0.7 * base);
  });

  it("geometric means (depthMean 'log')", { timeout: 600_000 }, async () => {
    expect(await trainAndScore("depthMean 'log'", tinyVariant({ depthMean: 'log' }))).toBeLessThanOrEqual(0.7 * base);
  });
});

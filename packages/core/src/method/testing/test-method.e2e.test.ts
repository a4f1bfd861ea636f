import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { initEngine } from '../../engine/engine.js';
import { kittiSpec } from '../../datasets/kitti-spec.js';
import { generateSynthDataset } from '../../synth/generate.js';
import { evaluateMethod } from '../evaluate-method.js';
import { createMethodCli } from '../method-cli.js';
import { meanBaseline } from '../mean-baseline.js';
import { predictWithMethod } from '../predict-method.js';
import { trainMethod } from '../train-method.js';
import { testMethod } from './test-method.js';

// The DepthMethod contract end to end, as CI runs it for every method: synthetic KITTI-layout
// data → train the tiny preset 200 steps → eval on held-out frames → predict.
describe('test method end to end', () => {
  let data: string;
  let out: string;
  beforeAll(async () => {
    await initEngine({ engine: 'wasm', log: false });
    data = await mkdtemp(path.join(tmpdir(), 'dk-e2e-data-'));
    out = await mkdtemp(path.join(tmpdir(), 'dk-e2e-out-'));
    await generateSynthDataset({ layout: 'kitti', out: data, count: 48, seed: 1, split: 'train', size: [320, 96] });
    await generateSynthDataset({ layout: 'kitti', out: data, count: 12, seed: 2, split: 'test', size: [320, 96] });
  });

  it('learns: held-out AbsRel beats the train-set-mean baseline; eval and predict write their files', async () => {
    const trained = await trainMethod({ method: testMethod, preset: 'tiny', dataDir: data, outDir: out, log: 'none' });
    expect(trained.steps).toBe(200);
    const report = await evaluateMethod({ method: testMethod, modelDir: trained.modelDir, dataDir: data });
    const baseline = await meanBaseline(kittiSpec, data);
    expect(report.images).toBe(12);
    expect(report.protocol).toBe('kitti-garg');
    const mine = report.metrics!.abs_rel;
    const base = baseline.report.metrics!.abs_rel;
    console.log(`test-method abs_rel ${mine.toFixed(4)} vs mean baseline ${base.toFixed(4)} (mean ${baseline.meanDepth.toFixed(2)} m); d1 ${report.metrics!.d1.toFixed(3)}`);
    expect(mine).toBeLessThan(base);
    const val = JSON.parse(await readFile(path.join(out, 'val-metrics.json'), 'utf8'));
    expect(val.metrics.abs_rel).toBeCloseTo(mine, 6);
    expect((await readFile(path.join(out, 'train-log.jsonl'), 'utf8')).trim().split('\n').length).toBeGreaterThanOrEqual(200);

    const predicted = await predictWithMethod({ method: testMethod, modelDir: trained.modelDir, outDir: path.join(out, 'pred'), dataDir: data });
    expect(predicted).toHaveLength(12);
    const rel = predicted[0].relative.replace(/\.png$/, '');
    for (const [folder, ext] of [['depth', 'png'], ['npy', 'npy'], ['colour', 'png']]) {
      expect(await readdir(path.dirname(path.join(out, 'pred', folder, `${rel}.${ext}`)))).toContain(path.basename(`${rel}.${ext}`));
    }

    // The same through the shared CLI: eval writes depthkit eval's JSON; predict takes own images.
    const json = path.join(out, 'cli-eval.json');
    await createMethodCli(testMethod).parseAsync(['node', 'test-method', 'eval', '--checkpoint', trained.modelDir, '--data', data, '--json', json, '--engine', 'wasm']);
    const cliReport = JSON.parse(await readFile(json, 'utf8'));
    expect(Object.keys(cliReport)).toEqual(expect.arrayContaining(['protocol', 'images', 'skipped', 'metrics', 'perImage']));
    expect(cliReport.metrics.abs_rel).toBeCloseTo(mine, 6);
    const images = path.join(data, '2000_01_01', '2000_01_01_drive_0002_sync', 'image_02', 'data');
    await createMethodCli(testMethod).parseAsync(['node', 'test-method', 'predict', '--checkpoint', trained.modelDir, '--input', images, '--out', path.join(out, 'own'), '--engine', 'wasm']);
    expect((await readdir(path.join(out, 'own', 'npy'))).length).toBe(12);
  });

  it('train --batch, --accumulate and --crop reach every micro-batch', async () => {
    const shapes: number[][] = [];
    const recording = {
      ...testMethod,
      loss: (...args: Parameters<typeof testMethod.loss>) => {
        shapes.push(args[0].images.shape);
        return testMethod.loss(...args);
      },
    };
    const cliOut = await mkdtemp(path.join(tmpdir(), 'dk-e2e-cli-'));
    await createMethodCli(recording).parseAsync([
      'node', 'test-method', 'train', '--preset', 'tiny', '--data', data, '--out', cliOut,
      '--steps', '2', '--batch', '2', '--accumulate', '3', '--crop', '64x96', '--engine', 'wasm',
    ]);
    expect(shapes).toEqual(Array.from({ length: 6 }, () => [2, 64, 96, 3]));
  });

  it('a data folder without the test split\'s frames trains, and says why it was not scored', async () => {
    const partial = await mkdtemp(path.join(tmpdir(), 'dk-e2e-partial-'));
    await generateSynthDataset({ layout: 'kitti', out: partial, count: 8, seed: 3, split: 'train', size: [320, 96] });
    await generateSynthDataset({ layout: 'kitti', out: partial, count: 2, seed: 4, split: 'test', size: [320, 96] });
    const testImages = path.join(partial, '2000_01_01', '2000_01_01_drive_0002_sync', 'image_02');
    await rm(testImages, { recursive: true });
    const lines: string[] = [];
    const result = await trainMethod({ method: testMethod, preset: 'tiny', dataDir: partial, outDir: path.join(partial, 'out'), steps: 1, log: 'none', print: (l) => lines.push(l) });
    expect(result.steps).toBe(1);
    expect(result.validation).toBeNull();
    expect(lines.join('\n')).toMatch(/validation skipped: the data folder has no test split to score \(.*the kitti 'eigen' split .* lists \d+ frames; \d+ frames? (is|are) missing .*depthkit synth --layout kitti --split test/);
    const val = JSON.parse(await readFile(path.join(partial, 'out', 'val-metrics.json'), 'utf8'));
    expect(val.note).toMatch(/frames? (is|are) missing/);
  });
});

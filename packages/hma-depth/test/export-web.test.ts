import * as tf from '@tensorflow/tfjs-core';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import {
  exportWebModel, float16Bits, float16Value, generateSynthDataset, initEngine, loadMethodModel, predictSample, readRgbImage, type WebModelMetadata,
} from '@depthkit/core';
import { runCliProcess, saveAndReload, sharedData, type CliRun } from '@depthkit/core/testing';
import { beforeAll, describe, expect, it } from 'vitest';
import { hmaDepth } from '../src/method.js';

const methodCli = (...args: string[]): Promise<CliRun> => runCliProcess('packages/hma-depth/scripts/cli.ts', args);
const depthkitCli = (...args: string[]): Promise<CliRun> => runCliProcess('packages/core/src/cli.ts', args);

let root: string;
let modelDir: string;
let dataDir: string;
let original: tf.Tensor[];

beforeAll(async () => {
  await initEngine({ engine: 'wasm', log: false });
  root = await mkdtemp(path.join(tmpdir(), 'dk-export-web-'));
  const saved = await saveAndReload(hmaDepth, 'tiny');
  original = saved.built.model.getWeights().map((w) => w.clone());
  saved.built.model.dispose();
  saved.loaded.built.model.dispose();
  modelDir = saved.dir;
  dataDir = path.join(root, 'data');
  await generateSynthDataset({ layout: 'kitti', out: dataDir, count: 3, seed: 5, split: 'test', size: [160, 64] });
}, 120_000);

async function exported(dir: string): Promise<{ json: { weightsManifest: { paths: string[]; weights: tf.io.WeightsManifestEntry[] }[]; userDefinedMetadata: { depthkit: WebModelMetadata } }; sizes: number[] }> {
  const json = JSON.parse(await readFile(path.join(dir, 'model.json'), 'utf8'));
  const sizes = await Promise.all(json.weightsManifest[0].paths.map(async (p: string) => (await stat(path.join(dir, p))).size));
  return { json, sizes };
}

async function photo() {
  return readRgbImage(sharedData('kitti', 'metric3d_kitti_demo', 'rgb', '0000000050.png'));
}

describe('export --web', () => {
  it('writes shards no larger than the limit that hold exactly the trained weights, and the folder predicts as the original', async () => {
    const out = path.join(root, 'web-f32');
    const result = await exportWebModel({ method: hmaDepth, modelDir, outDir: out, maxShardBytes: 256 * 1024 });
    const { json, sizes } = await exported(out);
    expect(sizes.length).toBeGreaterThan(2);
    expect(Math.max(...sizes)).toBeLessThanOrEqual(256 * 1024);
    expect(sizes.reduce((a, b) => a + b, 0)).toBe(original.reduce((n, w) => n + w.size * 4, 0));
    expect((await readdir(out)).sort()).toEqual([...result.files].sort());
    expect(json.userDefinedMetadata.depthkit).toMatchObject({
      method: 'hma-depth', preset: 'tiny', dataset: 'kitti', stride: 32, testSize: hmaDepth.presets.tiny.training.testSize ?? null,
      export: { weights: 'float32', maxShardBytes: 256 * 1024 },
    });
    expect(json.userDefinedMetadata.depthkit).not.toHaveProperty('dataDir');

    const loaded = await loadMethodModel(hmaDepth, out);
    const weights = loaded.built.model.getWeights();
    expect(weights.length).toBe(original.length);
    weights.forEach((w, i) => expect(w.dataSync()).toEqual(original[i].dataSync()));
    const reference = await loadMethodModel(hmaDepth, modelDir);
    const image = await photo();
    const a = predictSample(hmaDepth, reference.built, reference.config, image, [64, 160]);
    const b = predictSample(hmaDepth, loaded.built, loaded.config, image, [64, 160]);
    expect(b.data).toEqual(a.data);
    loaded.built.model.dispose();
    reference.built.model.dispose();
  });

  it('writes float16 weights that decode to the float16-rounded trained weights, with the AbsRel change measured and recorded', async () => {
    const out = path.join(root, 'web-f16');
    const lines: string[] = [];
    const result = await exportWebModel({ method: hmaDepth, modelDir, outDir: out, weights: 'float16', dataDir, print: (l) => lines.push(l) });
    const { json, sizes } = await exported(out);
    expect(sizes.reduce((a, b) => a + b, 0)).toBe(original.reduce((n, w) => n + w.size * 2, 0));
    expect(json.weightsManifest[0].weights.every((w) => w.dtype === 'float32' && w.quantization?.dtype === 'float16')).toBe(true);
    const accuracy = result.metadata.export.accuracy!;
    expect(json.userDefinedMetadata.depthkit.export.accuracy).toEqual(accuracy);
    expect(accuracy).toMatchObject({ metric: 'abs_rel', images: 3, split: 'test', protocol: 'kitti-garg' });
    expect(accuracy.difference).toBeCloseTo(accuracy.float16 - accuracy.float32, 12);
    expect(Math.abs(accuracy.difference)).toBeLessThan(0.01 * accuracy.float32);
    expect(lines.join('\n')).toMatch(/float16 accuracy on 3 test images \(kitti-garg\): AbsRel \d\.\d{6} → \d\.\d{6} \(difference [+-]\d/);

    const loaded = await loadMethodModel(hmaDepth, out);
    loaded.built.model.getWeights().forEach((w, i) => {
      expect(Array.from(w.dataSync())).toEqual(Array.from(original[i].dataSync(), (v) => float16Value(float16Bits(v))));
    });
    loaded.built.model.dispose();
  });

  it('refuses float16 without test data, a folder overlapping the model, a model of another method and a folder without a model, writing nothing', async () => {
    await expect(exportWebModel({ method: hmaDepth, modelDir, outDir: path.join(root, 'no-data'), weights: 'float16' }))
      .rejects.toThrow(`${modelDir}/model.json: the model records no test data folder, needed to measure the float16 accuracy change; pass --data <dir>`);
    expect(existsSync(path.join(root, 'no-data'))).toBe(false);
    expect((await readdir(root)).filter((n) => n.includes('.tmp-'))).toEqual([]);

    await expect(exportWebModel({ method: hmaDepth, modelDir, outDir: path.join(modelDir, 'web') }))
      .rejects.toThrow(`${modelDir}/web: the export folder is the model folder ${modelDir} or inside it; choose a folder outside it`);
    await expect(exportWebModel({ method: hmaDepth, modelDir, outDir: path.dirname(modelDir), overwrite: true }))
      .rejects.toThrow(`${path.dirname(modelDir)}: the export folder holds the model folder ${modelDir}; replacing it would delete the model`);
    await expect(exportWebModel({ method: { ...hmaDepth, id: 'other' }, modelDir, outDir: path.join(root, 'other') }))
      .rejects.toThrow(`${modelDir}/model.json: a 'hma-depth' model, but this is the 'other' export`);
    const empty = path.join(root, 'not-a-model');
    await mkdir(empty);
    await expect(exportWebModel({ method: hmaDepth, modelDir: empty, outDir: path.join(root, 'nothing') }))
      .rejects.toThrow(`${empty}/model.json: expected a tfjs layers model.json`);
  });
});

describe('export --web from the CLIs', () => {
  it('hma-depth export writes the folder, refuses a non-empty one without --overwrite and replaces it with', async () => {
    const out = path.join(root, 'cli-out');
    await mkdir(out);
    await writeFile(path.join(out, 'keep.txt'), 'mine\n');
    const refused = await methodCli('export', '--web', out, '--checkpoint', modelDir);
    expect(refused.code, refused.stderr).toBe(1);
    expect(refused.stderr).toContain(`hma-depth: ${out}: expected an empty or new folder, found 1 entry (keep.txt); pass --overwrite to replace it\n`);
    expect(await readdir(out)).toEqual(['keep.txt']);

    const run = await methodCli('export', '--web', out, '--model', modelDir, '--overwrite');
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(new RegExp(`exported hma-depth \\(tiny\\) to ${out}: 1 shard, [\\d.]+ (KiB|MiB) of float32 weights`));
    expect((await readdir(out)).sort()).toEqual(['group1-shard1of1.bin', 'model.json']);
  }, 60_000);

  it('depthkit export finds the method from the model folder and measures float16 on --data; bad input is one clear line', async () => {
    const out = path.join(root, 'depthkit-f16');
    const run = await depthkitCli('export', '--web', out, '--model', modelDir, '--quantize', 'float16', '--data', dataDir);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/float16 accuracy on 3 test images \(kitti-garg\): AbsRel/);
    expect(existsSync(path.join(out, 'group1-shard1of1.bin'))).toBe(true);

    const missing = await depthkitCli('export', '--web', path.join(root, 'x'), '--model', path.join(root, 'nope'));
    expect(missing.code).toBe(1);
    expect(missing.stderr).toBe(`depthkit: ${path.join(root, 'nope', 'model.json')}: expected a trained model's model.json, found no such file\n`);
  }, 60_000);
});

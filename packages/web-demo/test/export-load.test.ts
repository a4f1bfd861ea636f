import * as tf from '@tensorflow/tfjs-core';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { exportWebModel, generateSynthDataset, initEngine, loadMethodModel, predictSample, readModelArtifacts, readRgbImage, type WebWeightFormat } from '@depthkit/core';
import { saveAndReload, sharedData } from '@depthkit/core/testing';
import { hmaDepth } from '@depthkit/hma-depth';
import { loadDepthModel } from '@depthkit/web';
import { beforeAll, describe, expect, it } from 'vitest';

/** A folder as a page would fetch it, read through core's confined weight reader. */
function exportedFolder(dir: string): tf.io.IOHandler {
  return {
    async load() {
      const { json, specs, weightData } = await readModelArtifacts(dir);
      return { modelTopology: json.modelTopology, weightSpecs: specs, weightData, userDefinedMetadata: json.userDefinedMetadata as tf.io.ModelArtifacts['userDefinedMetadata'] };
    },
  };
}

let modelDir: string;
let root: string;

beforeAll(async () => {
  await initEngine({ engine: 'wasm', log: false });
  const saved = await saveAndReload(hmaDepth, 'tiny');
  saved.built.model.dispose();
  saved.loaded.built.model.dispose();
  modelDir = saved.dir;
  root = await mkdtemp(path.join(tmpdir(), 'dk-export-load-'));
}, 120_000);

describe('an export --web folder in @depthkit/web', () => {
  it.each<[WebWeightFormat, number]>([['float32', 1e-4], ['float16', 2e-2]])('%s: loadDepthModel gives the original model\'s depth for a real frame', async (weights, tolerance) => {
    const outDir = path.join(root, weights);
    // The float16 accuracy check needs test data; the frame's own folder is not a split, so measure on a generated one.
    await exportWebModel({ method: hmaDepth, modelDir, outDir, ...(weights === 'float16' ? { weights, dataDir: await syntheticTestSplit() } : {}) });
    const estimator = await loadDepthModel(exportedFolder(outDir), { backend: 'wasm', log: false });
    const rgb = await readRgbImage(sharedData('kitti', 'metric3d_kitti_demo', 'rgb', '0000000005.png'));
    const rgba = new Uint8ClampedArray(rgb.width * rgb.height * 4);
    for (let i = 0; i < rgb.width * rgb.height; i++) rgba.set([rgb.data[i * 3], rgb.data[i * 3 + 1], rgb.data[i * 3 + 2], 255], i * 4);
    const result = await estimator.estimate({ width: rgb.width, height: rgb.height, data: rgba });
    estimator.dispose();
    const original = await loadMethodModel(hmaDepth, modelDir);
    const expected = predictSample(hmaDepth, original.built, original.config, rgb, hmaDepth.presets.tiny.training.testSize);
    original.built.model.dispose();
    expect([result.width, result.height]).toEqual([rgb.width, rgb.height]);
    let worst = 0;
    for (let i = 0; i < expected.data.length; i++) worst = Math.max(worst, Math.abs(result.depth[i] - expected.data[i]) / Math.abs(expected.data[i]));
    expect(worst).toBeLessThan(tolerance);
  });
});

async function syntheticTestSplit(): Promise<string> {
  const dir = path.join(root, 'data');
  await generateSynthDataset({ layout: 'kitti', out: dir, count: 2, seed: 3, split: 'test', size: [160, 64] });
  return dir;
}

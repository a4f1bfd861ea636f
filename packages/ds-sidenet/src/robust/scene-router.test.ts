import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { initEngine, saveLayersModel } from '@depthkit/core';
import { expectNoTensorLeak } from '@depthkit/core/testing';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { createDsSidenetCli } from '../cli.js';
import { loadSceneClassifier, noClassifierMessage, readSceneRangeTable, routeByScene, type SceneClassifier } from './scene-router.js';

const rgb = { width: 4, height: 4, data: new Uint8Array(48).fill(128) };

/** A classifier whose scores are fixed: label i scores `order[i]`. */
function fixed(labels: string[], order: number[]): SceneClassifier {
  return { labels, inputSize: [4, 4], scores: (images) => tf.tidy(() => tf.tile(tf.tensor2d([order]), [images.shape[0], 1])) };
}

describe('scene-classification router (§3, top-K majority vote)', () => {
  beforeAll(async () => {
    await initEngine({ engine: 'wasm', log: false });
  });

  it('low only with more than K/2 low votes among the top K', async () => {
    const labels = ['bedroom', 'kitchen', 'street', 'highway', 'office'];
    const table = { bedroom: 'low', kitchen: 'low', office: 'low', street: 'high', highway: 'high' } as const;
    await expectNoTensorLeak(() => {
      // Top 3: bedroom, kitchen, street → 2 low of 3 > 1.5 → low.
      expect(routeByScene(fixed(labels, [5, 4, 3, 2, 1]), table, rgb, 3)).toEqual({ range: 'low', votes: { low: 2, high: 1 }, top: ['bedroom', 'kitchen', 'street'] });
      // Top 4: bedroom, kitchen, street, highway → 2 of 4 is not more than 2 → high.
      expect(routeByScene(fixed(labels, [5, 4, 3, 2, 1]), table, rgb, 4).range).toBe('high');
      // K larger than the label list: every label votes, 3 low of 5 → low.
      expect(routeByScene(fixed(labels, [5, 4, 3, 2, 1]), table, rgb, 15).votes).toEqual({ low: 3, high: 2 });
    });
  });

  it('loads any tfjs layers model with its labels and checks the range table covers them', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'dk-dss-sc-'));
    const input = tfl.input({ shape: [4, 4, 3] });
    const pooled = tfl.layers.globalAveragePooling2d({}).apply(input) as tfl.SymbolicTensor;
    const dense = tfl.layers.dense({ units: 3, useBias: false, kernelInitializer: 'ones' });
    const model = tfl.model({ inputs: input, outputs: dense.apply(pooled) as tfl.SymbolicTensor });
    // Scores: label 0 = −mean colour, label 1 = 0, label 2 = +mean colour: a bright image ranks 2 first.
    dense.setWeights([tf.tensor2d([[-1, 0, 1], [-1, 0, 1], [-1, 0, 1]])]);
    await saveLayersModel(model, path.join(dir, 'classifier'), { convertedBy: 'test', metadata: {} });
    await writeFile(path.join(dir, 'labels.txt'), '/a/attic 0\n/b/bar 1\n/s/street 2\n');
    await writeFile(path.join(dir, 'ranges.json'), JSON.stringify({ '/a/attic': 'low', '/b/bar': 'low', '/s/street': 'high' }));
    const classifier = await loadSceneClassifier(path.join(dir, 'classifier'), path.join(dir, 'labels.txt'), [4, 4]);
    expect(classifier.labels).toEqual(['/a/attic', '/b/bar', '/s/street']);
    const table = await readSceneRangeTable(path.join(dir, 'ranges.json'), classifier.labels);
    const bright = { width: 4, height: 4, data: new Uint8Array(48).fill(250) };
    expect(routeByScene(classifier, table, bright, 1)).toEqual({ range: 'high', votes: { low: 0, high: 1 }, top: ['/s/street'] });
    expect(routeByScene(classifier, table, { ...bright, data: new Uint8Array(48).fill(5) }, 1).range).toBe('low');
    await writeFile(path.join(dir, 'partial.json'), JSON.stringify({ '/a/attic': 'low' }));
    await expect(readSceneRangeTable(path.join(dir, 'partial.json'), classifier.labels)).rejects.toThrow('2 of the classifier\'s 3 labels have no range, e.g. /b/bar, /s/street');
    await writeFile(path.join(dir, 'bad.json'), JSON.stringify({ '/a/attic': 'near' }));
    await expect(readSceneRangeTable(path.join(dir, 'bad.json'), classifier.labels)).rejects.toThrow('ranges must be "low" or "high"; found /a/attic: "near"');
    classifier.model.dispose();
    model.dispose();
  });

  it('without a classifier, predict-robust --router sc says so and how to get one', async () => {
    const cli = createDsSidenetCli().exitOverride();
    await expect(cli.parseAsync(['node', 'ds-sidenet', 'predict-robust', '--router', 'sc', '--input', 'x', '--low', 'a', '--high', 'b', '--out', 'o', '--engine', 'wasm'])).rejects.toThrow(noClassifierMessage);
    expect(noClassifierMessage).toContain('Places-365');
  });

  it("the shared train refuses preset 'robust' and names train-robust", async () => {
    const cli = createDsSidenetCli().exitOverride();
    await expect(cli.parseAsync(['node', 'ds-sidenet', 'train', '--preset', 'robust', '--out', 'o'])).rejects.toThrow("use 'ds-sidenet train-robust --nyu <dir> --kitti <dir> --out <dir>'");
  });
});

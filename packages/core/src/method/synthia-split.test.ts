import * as tf from '@tensorflow/tfjs-core';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { kittiSpec } from '../datasets/kitti-spec.js';
import { synthiaSpec } from '../datasets/synthia-spec.js';
import { initEngine } from '../engine/engine.js';
import { generateSynthDataset } from '../synth/generate.js';
import { openSplit } from './dataset-split.js';
import { defineMethod, definePreset, type PredictContext } from './depth-method.js';
import { evaluationDataset, predictSample } from './evaluate-method.js';

describe('SYNTHIA folders in the method commands', () => {
  let data: string;
  beforeAll(async () => {
    await initEngine({ engine: 'wasm', log: false });
    data = await mkdtemp(path.join(tmpdir(), 'dk-synthia-split-'));
    await generateSynthDataset({ layout: 'synthia', out: data, count: 3, seed: 1, split: 'train', size: [64, 38] });
    await generateSynthDataset({ layout: 'synthia', out: data, count: 2, seed: 1, split: 'test', size: [64, 38] });
  });

  it('opens train and test from the lists depthkit synth writes, with labels and intrinsics', async () => {
    const train = await openSplit(synthiaSpec, data, 'train');
    const test = await openSplit(synthiaSpec, data, 'test');
    expect(train.ids).toEqual(['0000000', '0000001', '0000002']);
    expect(test.ids).toEqual(['5000000', '5000001']);
    const sample = await test.read(1);
    expect(sample.labels?.data.length).toBe(64 * 38);
    // The spec's camera (native 1280×760) scaled to the 64×38 frames, as synth rendered them.
    const fixed = synthiaSpec.intrinsics.fixed;
    expect(sample.intrinsics?.fx).toBeCloseTo(fixed.fx * 64 / 1280, 10);
    expect(sample.intrinsics?.fy).toBeCloseTo(fixed.fy * 38 / 760, 10);
    expect(test.groundTruthPath(1)).toBe(path.join('Depth', 'Depth', '5000001.png'));
    // Without a list, every frame under RGB/.
    const all = await openSplit(synthiaSpec, data, 'all');
    expect(all.ids).toHaveLength(5);
  });

  it('reads a named folder as the preset\'s test dataset, the model\'s own data as its training one', () => {
    const preset = definePreset({
      name: 'tiny', dataset: synthiaSpec, testDataset: kittiSpec, config: {}, description: '',
      training: { batchSize: 1, crop: [8, 8], steps: 1, optimizer: { type: 'adam', lr: 1 }, source: '' },
    });
    expect(evaluationDataset(preset, undefined).name).toBe('synthia');
    expect(evaluationDataset(preset, '/some/kitti').name).toBe('kitti');
    expect(evaluationDataset(preset, '/some/synthia', synthiaSpec).name).toBe('synthia');
    expect(evaluationDataset({ ...preset, testDataset: undefined }, '/x').name).toBe('synthia');
  });

  it('hands predict the camera scaled to the network input', () => {
    const seen: (PredictContext | undefined)[] = [];
    const method = defineMethod<Record<string, never>>({
      id: 'probe', paper: { title: '', year: 2026, authors: [] }, defaultConfig: {},
      presets: { tiny: definePreset({ name: 'tiny', dataset: synthiaSpec, config: {}, description: '', training: { batchSize: 1, crop: [8, 8], steps: 1, optimizer: { type: 'adam', lr: 1 }, source: '' } }) },
      createModel: () => { throw new Error('unused'); },
      loss: () => { throw new Error('unused'); },
      predict: (_built, images, _config, context) => {
        seen.push(context);
        return tf.tidy(() => tf.zeros([images.shape[0], images.shape[1], images.shape[2], 1])) as tf.Tensor4D;
      },
    });
    const rgb = { width: 200, height: 100, data: new Uint8Array(200 * 100 * 3) };
    const built = { model: undefined as never, stride: 1 };
    predictSample(method, built, {}, rgb, [50, 40], { fx: 100, fy: 120, cx: 100, cy: 50 });
    predictSample(method, built, {}, rgb, undefined, { fx: 100, fy: 120, cx: 100, cy: 50 });
    predictSample(method, built, {}, rgb, [50, 40]);
    expect(seen[0]?.intrinsics).toEqual({ fx: 20, fy: 60, cx: 20, cy: 25 });
    expect(seen[1]?.intrinsics).toEqual({ fx: 100, fy: 120, cx: 100, cy: 50 });
    expect(seen[2]).toBeUndefined();
  });
});

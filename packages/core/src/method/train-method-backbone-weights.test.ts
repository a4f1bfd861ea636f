import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { saveBackbone } from '../backbones/backbone-files.js';
import { createBackbone } from '../backbones/create-backbone.js';
import { kittiSpec } from '../datasets/kitti-spec.js';
import { initEngine } from '../engine/engine.js';
import { maskedL1Loss } from '../losses/masked-l1.js';
import { generateSynthDataset } from '../synth/generate.js';
import { runCommand } from '../testing/cli-output.js';
import { defineMethod, definePreset } from './depth-method.js';
import { createMethodCli } from './method-cli.js';
import { loadMethodModel } from './model-files.js';
import { trainMethod } from './train-method.js';

/** The smallest network around a core backbone: resnet-tiny, a 1×1 head, depth resized up. */
const backboneMethod = defineMethod<{ outputStride: 32 | 8 }>({
  id: 'backbone-method',
  paper: { title: 'depthkit backbone-weights fixture', year: 2026, authors: ['depthkit'] },
  defaultConfig: { outputStride: 32 },
  presets: {
    tiny: definePreset({
      name: 'tiny',
      dataset: kittiSpec,
      config: { outputStride: 32 },
      // lr 0: a trained model's kernels are then exactly the imported ones.
      training: {
        batchSize: 2, crop: [32, 64], steps: 1, optimizer: { type: 'sgd', lr: 0 },
        augmentation: { preCrop: undefined, rotateDegrees: 0, resizeToSize: true }, source: 'test fixture',
      },
      description: 'fixture',
    }),
  },
  createModel(config) {
    const backbone = createBackbone({ arch: 'resnet-tiny', outputStride: config.outputStride, inputShape: [null, null, 3] });
    const image = tfl.input({ shape: [null, null, 3] as unknown as number[] });
    const taps = backbone.model.apply(image) as tfl.SymbolicTensor[];
    const depth = tfl.layers.conv2d({ filters: 1, kernelSize: 1, name: 'head' }).apply(taps[taps.length - 1]) as tfl.SymbolicTensor;
    const up = tfl.layers.upSampling2d({ size: [config.outputStride, config.outputStride] }).apply(depth) as tfl.SymbolicTensor;
    return { model: tfl.model({ inputs: image, outputs: up }), stride: config.outputStride };
  },
  loss: (batch, outputs) => ({ total: maskedL1Loss(outputs as tf.Tensor, batch.depth, { mask: batch.mask }) }),
  predict: (built, images) => built.model.predict(images) as tf.Tensor4D,
});

/** Kernels (trainable, not touched by lr 0) of the model's nested backbone, by name. */
function backboneKernels(model: tfl.LayersModel): Record<string, number[]> {
  const nested = model.layers.find((l) => l instanceof tfl.LayersModel)!;
  return Object.fromEntries(nested.trainableWeights.map((w) => [w.originalName, Array.from(w.read().dataSync())]));
}

describe('trainMethod --backbone-weights', () => {
  let data: string;
  let weights: string;
  let imported: Record<string, number[]>;

  beforeAll(async () => {
    await initEngine({ engine: 'wasm', log: false });
    data = await mkdtemp(path.join(tmpdir(), 'dk-bbw-data-'));
    await generateSynthDataset({ layout: 'kitti', out: data, count: 2, seed: 1, split: 'train', size: [128, 64] });
    const backbone = createBackbone({ arch: 'resnet-tiny', inputShape: [null, null, 3] });
    const known = backbone.model.weights.map((w, i) => tf.fill(w.shape as number[], (i + 1) / 100));
    backbone.model.setWeights(known);
    tf.dispose(known);
    weights = await mkdtemp(path.join(tmpdir(), 'dk-bbw-weights-'));
    await saveBackbone(backbone, weights);
    imported = Object.fromEntries(backbone.model.trainableWeights.map((w) => [w.originalName, Array.from(w.read().dataSync())]));
    backbone.model.dispose();
  });

  it('a fresh run starts from the imported backbone and says so; a resumed run keeps its checkpoint and ignores the folder', async () => {
    const out = await mkdtemp(path.join(tmpdir(), 'dk-bbw-out-'));
    const lines: string[] = [];
    const result = await trainMethod({
      method: backboneMethod, preset: 'tiny', dataDir: data, outDir: out, log: 'none', validate: false,
      backboneWeights: weights, print: (line) => lines.push(line),
    });
    expect(lines).toEqual([expect.stringMatching(new RegExp(`^backbone weights: resnet-tiny \\(output stride 32\\), \\d+ tensors / [\\d,]+ values from ${weights}$`))]);
    expect(result.backboneWeights).toMatchObject({ dir: weights, arch: 'resnet-tiny', outputStride: 32 });
    const trained = await loadMethodModel(backboneMethod, result.modelDir);
    expect(backboneKernels(trained.built.model)).toEqual(imported);
    trained.built.model.dispose();

    // Resuming at step 1 of 2 with a folder that cannot load: it is never read. (Another step
    // count is another schedule, which a resume refuses unless forced.)
    const resumed = await trainMethod({
      method: backboneMethod, preset: 'tiny', dataDir: data, outDir: out, log: 'none', validate: false, steps: 2, resume: true, force: true,
      backboneWeights: path.join(weights, 'nowhere'), print: (line) => lines.push(line),
    });
    expect(resumed.steps).toBe(2);
    expect(resumed.backboneWeights).toBeUndefined();
    expect(lines.slice(1)).toEqual([`backbone weights: ${path.join(weights, 'nowhere')} not loaded: the run resumed at step 1 from a checkpoint holding its own`]);
  });

  it('through the CLI: --backbone-weights prints the line; a wrong folder fails naming it', async () => {
    const out = await mkdtemp(path.join(tmpdir(), 'dk-bbw-cli-'));
    const args = ['train', '--preset', 'tiny', '--data', data, '--out', out, '--engine', 'wasm'];
    const printed = await runCommand(createMethodCli(backboneMethod), [...args, '--backbone-weights', weights]);
    expect(printed).toContain(`backbone weights: resnet-tiny (output stride 32)`);
    expect(printed).toContain(`from ${weights}\n`);
    const missing = path.join(weights, 'nowhere');
    const elsewhere = ['train', '--preset', 'tiny', '--data', data, '--out', await mkdtemp(path.join(tmpdir(), 'dk-bbw-cli-')), '--engine', 'wasm'];
    await expect(runCommand(createMethodCli(backboneMethod), [...elsewhere, '--backbone-weights', missing])).rejects.toThrow(`${missing}: expected a backbone folder written by 'depthkit import-weights'`);
  });
});

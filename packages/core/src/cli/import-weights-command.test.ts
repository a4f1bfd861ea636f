import * as tf from '@tensorflow/tfjs-core';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { loadBackbone } from '../backbones/backbone-files.js';
import { readSafetensors } from '../backbones/safetensors.js';
import { runTorchvisionTwin } from '../backbones/torchvision-twin.js';
import { relativeError } from '../testing/index.js';
import { executeImportWeights, importWeightsCommand } from './import-weights-command.js';

let dir: string;

describe('depthkit import-weights', () => {
  beforeAll(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'dk-import-'));
    // A real torchvision state_dict: fc.* head, int64 num_batches_tracked and all.
    runTorchvisionTwin('resnext50', dir, { size: 32 });
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('writes a backbone (grouped convolutions included) that loads back and reproduces torchvision', async () => {
    const out = path.join(dir, 'resnext50');
    const printed: string[] = [];
    const spy = vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => printed.push(String(chunk)) > 0);
    try {
      await importWeightsCommand().exitOverride().parseAsync(
        ['--arch', 'resnext50_32x4d', '--from', path.join(dir, 'weights.safetensors'), '--out', out, '--engine', 'wasm'], { from: 'user' });
    } finally {
      spy.mockRestore();
    }
    expect(printed.join('')).toMatch(/^imported 22,979,904 parameters of resnext50 \(output stride 32\) from .*; wrote .*model\.json \+ weights\.bin; taps: relu 1\/2 64ch, layer1 1\/4 256ch, .* layer4 1\/32 2048ch\n$/);

    const backbone = await loadBackbone(out);
    expect([backbone.arch, backbone.outputStride, backbone.taps.length]).toEqual(['resnext50', 32, 5]);
    const io = await readSafetensors(path.join(dir, 'io.safetensors'));
    const input = io.tensors.get('input')!;
    const outputs = tf.tidy(() => backbone.model.predict(
      tf.transpose(tf.tensor4d(input.toFloat32(), input.shape as [number, number, number, number]), [0, 2, 3, 1])) as tf.Tensor[]);
    backbone.taps.forEach((tap, i) => {
      const actual = tf.tidy(() => tf.transpose(outputs[i], [0, 3, 1, 2]).dataSync());
      expect(relativeError(actual, io.tensors.get(tap.name)!.toFloat32()), tap.name).toBeLessThan(1e-4);
    });
    tf.dispose(outputs);
    backbone.model.dispose();
  });

  it('refuses weights of another architecture, pickles and unknown options, naming what it expected', async () => {
    const from = path.join(dir, 'weights.safetensors');
    const out = path.join(dir, 'never');
    const run = (opts: Partial<Parameters<typeof executeImportWeights>[0]>) =>
      executeImportWeights({ arch: 'resnet50', from, out, engine: 'wasm', ...opts }, () => undefined);
    await expect(run({})).rejects.toThrow(/weights\.safetensors: expected torchvision resnet50 weights \(265 tensors\); wrong shape \d+: layer1\.0\.conv1\.weight \(expected \[64, 64, 1, 1\], found \[128, 64, 1, 1\]\)/);
    await expect(run({ from: path.join(dir, 'resnet50.pth') })).rejects.toThrow("--from: expected a .safetensors file, found '");
    await expect(run({ arch: 'vgg16' })).rejects.toThrow("--arch: expected an architecture among resnet18, resnet34, resnet50, resnet101, resnext50, densenet121, densenet161, found 'vgg16'");
    await expect(run({ outputStride: '4' })).rejects.toThrow("--output-stride: expected an output stride of 32, 16 or 8, found '4'");
  });
});

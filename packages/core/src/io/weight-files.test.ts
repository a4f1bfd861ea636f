import * as tf from '@tensorflow/tfjs-core';
import { mkdir, mkdtemp, symlink, writeFile } from 'node:fs/promises';
import { execFileSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { initEngine } from '../engine/engine.js';
import { readBackboneFolder, readBackboneWeightFiles } from '../backbones/backbone-files.js';
import { readLayersModelWeights } from './layers-model-files.js';
import { readWeightGroups } from './weight-files.js';

/** Four float32 values: 16 bytes, the size every case's outside file matches so only confinement can refuse it. */
const spec = { name: 'dense/kernel', shape: [2, 2], dtype: 'float32' as const };
const sentinel = 'SENTINEL-7f3a9c-must-never-be-read';

/** A parent holding `model/` (the folder under test) and `secret.bin` (16 bytes of sentinel text) beside it. */
async function layout(): Promise<{ root: string; dir: string; secret: string }> {
  const root = await mkdtemp(path.join(tmpdir(), 'dk-weight-files-'));
  const dir = path.join(root, 'model');
  await mkdir(dir);
  const secret = path.join(root, 'secret.bin');
  await writeFile(secret, sentinel.slice(0, 16));
  return { root, dir, secret };
}

async function writeModelJson(dir: string, paths: string[], extra: object = {}): Promise<void> {
  await writeFile(path.join(dir, 'model.json'), JSON.stringify({
    modelTopology: {}, weightsManifest: [{ paths, weights: [spec] }],
    userDefinedMetadata: { depthkitBackbone: { arch: 'resnet18', outputStride: 32, taps: [] } }, ...extra,
  }));
}

const refusals: [string, (l: { dir: string; secret: string }) => Promise<string[]>, RegExp][] = [
  ['a ../ path', async () => ['../secret.bin'], /secret\.bin: refused: .*'\.\.'/],
  ['an absolute path', async ({ secret }) => [secret], /secret\.bin: refused: .*absolute path/],
  ['a symlink out of the folder', async ({ dir, secret }) => {
    await symlink(secret, path.join(dir, 'weights.bin'));
    return ['./weights.bin'];
  }, /weights\.bin: refused: resolves to .*secret\.bin, outside the folder/],
  ['a size mismatch', async ({ dir }) => {
    await writeFile(path.join(dir, 'weights.bin'), new Uint8Array(15));
    return ['weights.bin'];
  }, /weights\.bin: expected 16 bytes .* found 15; refused without reading/],
  ['/dev/zero through a symlink', async ({ dir }) => {
    await symlink('/dev/zero', path.join(dir, 'weights.bin'));
    return ['weights.bin'];
  }, /weights\.bin: refused: resolves to \/dev\/zero, outside the folder/],
  ['a directory', async ({ dir }) => {
    await mkdir(path.join(dir, 'weights.bin'));
    return ['weights.bin'];
  }, /weights\.bin: expected a regular weight file, found a directory/],
  ['a FIFO', async ({ dir }) => {
    execFileSync('mkfifo', [path.join(dir, 'weights.bin')]);
    return ['weights.bin'];
  }, /weights\.bin: expected a regular weight file, found a FIFO/],
];

describe('readWeightGroups: manifest paths are confined, regular and sized', () => {
  beforeAll(() => initEngine({ engine: 'cpu', log: false }));

  for (const [name, make, message] of refusals) {
    it(`model folder: refuses ${name} with the path and the reason`, async () => {
      const l = await layout();
      await writeModelJson(l.dir, await make(l));
      const error = await readLayersModelWeights(l.dir).then(() => null, (e: Error) => e);
      expect(error?.message).toMatch(message);
      expect(error?.message).not.toContain(sentinel.slice(0, 16));
    });
  }

  it('backbone folder: the same reader refuses a ../ path', async () => {
    const l = await layout();
    await writeModelJson(l.dir, ['../secret.bin']);
    const folder = await readBackboneFolder(l.dir, { needsTopology: false });
    await expect(readBackboneWeightFiles(l.dir, folder)).rejects.toThrow(/secret\.bin: refused: .*'\.\.'/);
  });

  it('reads a symlink that stays inside the folder, and a correctly sized file', async () => {
    const l = await layout();
    await writeFile(path.join(l.dir, 'real.bin'), new Uint8Array(new Float32Array([1, 2, 3, 4]).buffer));
    await symlink('real.bin', path.join(l.dir, 'weights.bin'));
    await writeModelJson(l.dir, ['./weights.bin']);
    const before = tf.memory().numTensors;
    const { weights } = await readLayersModelWeights(l.dir);
    expect(Array.from(weights[0].dataSync())).toEqual([1, 2, 3, 4]);
    tf.dispose(weights);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('refuses a tensor holding NaN or Inf, naming it and counting them', async () => {
    const l = await layout();
    await writeFile(path.join(l.dir, 'weights.bin'), new Uint8Array(new Float32Array([1, Number.NaN, Infinity, 4]).buffer));
    await expect(readWeightGroups(l.dir, [{ paths: ['weights.bin'], weights: [spec] }], 'model.json'))
      .rejects.toThrow("model.json: weight 'dense/kernel' [2, 2] holds 2 NaN/Inf values; expected finite numbers");
  });
});

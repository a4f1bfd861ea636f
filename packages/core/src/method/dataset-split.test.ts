import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { synthiaSpec } from '../datasets/synthia-spec.js';
import { generateSynthDataset } from '../synth/generate.js';
import { openSplit } from './dataset-split.js';

describe('openSplit on SYNTHIA folders', () => {
  let data: string;
  beforeAll(async () => {
    data = await mkdtemp(path.join(tmpdir(), 'dk-synthia-split-'));
    await generateSynthDataset({ layout: 'synthia', out: data, count: 3, seed: 1, split: 'train', size: [64, 38] });
    await generateSynthDataset({ layout: 'synthia', out: data, count: 2, seed: 1, split: 'test', size: [64, 38] });
  });

  it('train and test read the folder\'s own lists; the GT path is relative to the folder', async () => {
    const train = await openSplit(synthiaSpec, data, 'train');
    const test = await openSplit(synthiaSpec, data, 'test');
    expect(train.ids).toEqual(['0000000', '0000001', '0000002']);
    expect(test.ids).toEqual(['5000000', '5000001']);
    expect(train.name).toBe('train');
    expect(test.groundTruthPath(1)).toBe(path.join('Depth', 'Depth', '5000001.png'));
    const sample = await test.read(0);
    expect([sample.rgb.width, sample.rgb.height, sample.depth!.width, sample.depth!.height]).toEqual([64, 38, 64, 38]);
    expect(Math.max(...sample.depth!.data)).toBeGreaterThan(0);
  });

  it('a --split-file wins (names with or without .png); with no list every frame in RGB/ is used', async () => {
    const list = path.join(data, 'mine.txt');
    await writeFile(list, '5000001.png\n0000002\n');
    expect((await openSplit(synthiaSpec, data, 'train', { splitFile: list })).ids).toEqual(['5000001', '0000002']);
    expect((await openSplit(synthiaSpec, data, 'all')).ids).toEqual(['0000000', '0000001', '0000002', '5000000', '5000001']);
    await expect(openSplit(synthiaSpec, path.join(data, 'nowhere'), 'all')).rejects.toThrow(/nowhere: no such folder; expected a synthia dataset folder in its official layout \(make a synthetic one with `depthkit synth --layout synthia/);
  });
});

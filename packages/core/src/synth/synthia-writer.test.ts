import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { readSplitList } from '../datasets/splits.js';
import { listSynthiaFrames, SynthiaReader } from '../datasets/synthia/reader.js';
import { synthiaClasses, synthiaSpec } from '../datasets/synthia-spec.js';
import { generateSynthDataset, renderSynthFrame, writerFor } from './generate.js';
import { synthiaTestFirstFrame } from './synthia-writer.js';

const [width, height] = [128, 76];
const seed = 9;
let root: string;

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'depthkit-synth-synthia-'));
  await generateSynthDataset({ layout: 'synthia', out: root, count: 3, seed, split: 'train', size: [width, height] });
  await generateSynthDataset({ layout: 'synthia', out: root, count: 2, seed, split: 'test', size: [width, height] });
});

describe('synthetic SYNTHIA-RAND-CITYSCAPES', () => {
  it('keeps train and test frames apart by number and lists each split', async () => {
    const train = await readSplitList(join(root, 'splits', 'train_files.txt'));
    const test = await readSplitList(join(root, 'splits', 'test_files.txt'));
    expect(train).toEqual(['0000000', '0000001', '0000002']);
    expect(test).toEqual([String(synthiaTestFirstFrame), String(synthiaTestFirstFrame + 1)]);
    expect(await listSynthiaFrames(root)).toEqual([...train, ...test]);
  });

  it('round-trips through the SYNTHIA reader: depth within 5 mm quantisation, sky at 655.35 m, SYNTHIA class ids', async () => {
    const reader = new SynthiaReader(root);
    const writer = writerFor({ layout: 'synthia', out: root, count: 3, seed, split: 'train' }, width, height);
    const seen = new Set<number>();
    const sky = synthiaClasses.indexOf('sky');
    for (let index = 0; index < 3; index++) {
      const sample = await reader.read(String(index).padStart(7, '0'));
      expect([sample.rgb.width, sample.rgb.height]).toEqual([width, height]);
      const rendered = renderSynthFrame(writer, seed, 'train', index);
      sample.depth?.data.forEach((d, i) => {
        const expected = rendered.depth[i];
        if (Number.isFinite(expected) && expected < 655) expect(Math.abs(d - expected)).toBeLessThanOrEqual(0.5 / synthiaSpec.depthScale + 1e-6);
        else expect(d).toBeCloseTo(655.35, 3);
        if (sample.labels?.data[i] === sky) expect(d).toBeCloseTo(655.35, 3);
      });
      sample.labels?.data.forEach((l) => seen.add(l));
    }
    for (const name of ['sky', 'road', 'sidewalk', 'building', 'car', 'lanemarking'] as const) expect(seen).toContain(synthiaClasses.indexOf(name));
  });
});

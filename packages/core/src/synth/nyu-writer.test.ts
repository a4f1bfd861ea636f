import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseNyuEntries } from '../datasets/nyu/split-entry.js';
import { NyuReader } from '../datasets/nyu/sync-reader.js';
import { nyuSpec } from '../datasets/nyu-spec.js';
import { readSplitList } from '../datasets/splits.js';
import { generateSynthDataset, nativeSize, renderSynthFrame, writerFor } from './generate.js';
import { nyu40Ids } from './label-sets.js';
import { synthNyuScenes, synthNyuSplitFiles } from './nyu-writer.js';

const seed = 5;
let root: string;

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'depthkit-synth-nyu-'));
  // The NYU reader takes only the native 640×480.
  await generateSynthDataset({ layout: 'nyu', out: root, count: 2, seed, split: 'test' });
});

describe('synthetic NYU (BTS sync layout)', () => {
  it("writes BTS's test list with the spec's focal, and frames the NYU reader reads at depth within 1 mm quantisation", async () => {
    const file = join(root, 'splits', synthNyuSplitFiles.test);
    const lines = await readSplitList(file);
    expect(lines).toEqual([0, 1].map((i) => `${synthNyuScenes.test}/rgb_0000${i}.jpg ${synthNyuScenes.test}/sync_depth_0000${i}.png ${nyuSpec.intrinsics.fixed.fx}`));
    const reader = new NyuReader(root);
    const [width, height] = nativeSize('nyu');
    const writer = writerFor({ layout: 'nyu', out: root, count: 2, seed, split: 'test' }, width, height);
    const [r0, r1] = nyuSpec.borders.sync.rows;
    const [c0, c1] = nyuSpec.borders.sync.cols;
    for (const [index, entry] of parseNyuEntries(lines, file).entries()) {
      const sample = await reader.read(entry);
      expect(sample.intrinsics).toEqual(nyuSpec.intrinsics.fixed);
      const rendered = renderSynthFrame(writer, seed, 'test', index);
      // Counted rather than asserted per pixel: 300k expect() calls would take seconds.
      let inside = 0;
      const bad = { border: 0, depth: 0 };
      sample.depth?.data.forEach((d, i) => {
        const row = Math.floor(i / width);
        const col = i % width;
        if (row < r0 || row >= r1 || col < c0 || col >= c1) {
          // No depth under the sync frames' white border (white through JPEG).
          if (d !== 0 || sample.rgb.data[i * 3] < 200) bad.border++;
          return;
        }
        if (!(Math.abs(d - rendered.depth[i]) <= 0.5 / nyuSpec.depthScale + 1e-6 && d < nyuSpec.maxDepth)) bad.depth++;
        inside++;
      });
      expect(bad).toEqual({ border: 0, depth: 0 });
      expect(inside).toBe((r1 - r0) * (c1 - c0));
    }
  });

  it('labels floor and walls with NYU-40 ids beside the frames', async () => {
    const file = join(root, synthNyuScenes.test, 'depthkit', 'semantic_00000.png');
    const { data } = await sharp(await readFile(file)).toColourspace('b-w').raw().toBuffer({ resolveWithObject: true });
    const seen = new Set(data);
    expect(seen).toContain(nyu40Ids.floor);
    expect(seen).toContain(nyu40Ids.wall);
  });

  it("starts train-list paths with '/', as BTS's train list does", async () => {
    const out = await mkdtemp(join(tmpdir(), 'depthkit-synth-nyu-'));
    const summary = await generateSynthDataset({ layout: 'nyu', out, count: 1, seed, split: 'train', size: [64, 48] });
    expect(await readSplitList(summary.splitFile)).toEqual([`/${synthNyuScenes.train}/rgb_00000.jpg /${synthNyuScenes.train}/sync_depth_00000.png 51.8858`]);
  });
});

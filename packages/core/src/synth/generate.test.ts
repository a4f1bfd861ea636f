import { createHash } from 'node:crypto';
import { mkdtemp, readdir, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { generateSynthDataset, type SynthOptions } from './generate.js';
import type { SynthLayout } from './layout-writer.js';

/** Relative path → sha256 of every file under a folder. */
async function hashes(root: string): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const entry of await readdir(root, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const file = join(entry.parentPath, entry.name);
    out[relative(root, file)] = createHash('sha256').update(await readFile(file)).digest('hex');
  }
  return out;
}

async function generate(layout: SynthLayout, seed: number): Promise<Record<string, string>> {
  const out = await mkdtemp(join(tmpdir(), `depthkit-synth-${layout}-`));
  const options: SynthOptions = { layout, out, count: 3, seed, split: 'train', size: [96, 48] };
  await generateSynthDataset(options);
  return hashes(out);
}

describe('synthetic datasets are reproducible', () => {
  for (const layout of ['kitti', 'nyu', 'synthia'] as const) {
    it(`${layout}: the same seed gives byte-identical files, another seed other images`, async () => {
      const a = await generate(layout, 42);
      const b = await generate(layout, 42);
      const c = await generate(layout, 43);
      expect(Object.keys(a).length).toBeGreaterThan(6);
      expect(b).toEqual(a);
      expect(Object.keys(c).sort()).toEqual(Object.keys(a).sort());
      const images = Object.keys(a).filter((f) => /(image_02\/data\/|\/rgb_|^RGB\/)/.test(f));
      expect(images).toHaveLength(3);
      for (const image of images) expect(c[image]).not.toBe(a[image]);
    });
  }

  it('rejects a bad count, seed or size by name', async () => {
    const base: SynthOptions = { layout: 'kitti', out: join(tmpdir(), 'never-written'), count: 1, seed: 1, split: 'train' };
    await expect(generateSynthDataset({ ...base, count: 0 })).rejects.toThrow('synth: expected a count ≥ 1, found 0');
    await expect(generateSynthDataset({ ...base, seed: 1.5 })).rejects.toThrow('synth: expected an integer seed, found 1.5');
    await expect(generateSynthDataset({ ...base, size: [4, 100] })).rejects.toThrow('synth: expected a size between 8×8 and 8192×8192, found 4×100');
  });
});

import { mkdir, mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { writeDepthPng } from '../../io/depth-png.js';
import { writeRgbImage } from '../../io/write-image.js';
import type { SkippedEntry } from '../sample.js';
import { FolderDataset } from './reader.js';

let root: string;
const rgb = (w: number, h: number) => ({ width: w, height: h, data: new Uint8Array(w * h * 3).fill(7) });

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'depthkit-folder-'));
  await mkdir(join(root, 'images'));
  await mkdir(join(root, 'depth'));
  await writeRgbImage(join(root, 'images', 'a.jpg'), rgb(4, 3));
  await writeRgbImage(join(root, 'images', 'b.png'), rgb(4, 3));
  await writeRgbImage(join(root, 'images', 'c.png'), rgb(4, 3));
  await writeDepthPng(join(root, 'depth', 'a.png'), { width: 4, height: 3, data: new Float32Array(12).fill(2.5) }, 1000);
  await writeDepthPng(join(root, 'depth', 'c.png'), { width: 2, height: 2, data: new Float32Array(4).fill(1) }, 1000);
});

describe('folder dataset', () => {
  it('pairs images with same-stem depth PNGs', async () => {
    const ds = new FolderDataset({ images: join(root, 'images'), depth: join(root, 'depth'), depthScale: 1000 });
    const entries = await ds.entries();
    expect(entries.map((e) => [e.id, e.depth != null])).toEqual([['a', true], ['b', false], ['c', true]]);
    const a = await ds.read(entries[0]);
    expect(a.depth?.data[0]).toBe(2.5);
  });

  it('reads images alone when there is no depth folder', async () => {
    const ds = new FolderDataset({ images: join(root, 'images') });
    const sample = await ds.read((await ds.entries())[1]);
    expect([sample.rgb.width, sample.depth]).toEqual([4, undefined]);
  });

  it('skips an image without depth and counts it, and rejects mismatched sizes', async () => {
    const ds = new FolderDataset({ images: join(root, 'images'), depth: join(root, 'depth'), depthScale: 1000 });
    const [a, b, c] = await ds.entries();
    const skipped: SkippedEntry[] = [];
    const ids: string[] = [];
    for await (const s of ds.samples([a, b], { onMissingGroundTruth: 'skip', skipped })) ids.push(s.id);
    expect(ids).toEqual(['a']);
    expect(skipped.map((s) => s.id)).toEqual(['b']);
    await expect(ds.read(c)).rejects.toThrow(/c\.png: size 2×2 does not match its image .*c\.png \(4×3\)/);
  });

  it('asks for a depth scale and names empty or missing folders', async () => {
    expect(() => new FolderDataset({ images: root, depth: join(root, 'depth') })).toThrow(/needs depthScale/);
    await expect(new FolderDataset({ images: join(root, 'depth', 'x') }).entries()).rejects.toThrow(/missing image folder/);
    const empty = await mkdtemp(join(tmpdir(), 'depthkit-folder-'));
    await expect(new FolderDataset({ images: empty }).entries()).rejects.toThrow(/no PNG or JPEG images found/);
  });
});

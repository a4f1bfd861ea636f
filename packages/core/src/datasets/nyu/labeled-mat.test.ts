import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadH5wasm } from '../../io/hdf5.js';
import { readGray16Png, readRgbImage } from '../../io/read-image.js';
import { exportNyuLabeled } from './export-labeled.js';
import { NyuLabeledMat } from './labeled-mat.js';
import { exportNyuTestSet } from './official-test-set.js';
import { NyuReader } from './sync-reader.js';

const W = 640;
const H = 480;
const N = 2;

/** Distinct, recognisable values: image(n, y, x, c) and rawDepth(n, y, x) in metres. */
const pixel = (n: number, y: number, x: number, c: number) => (n * 50 + y * 3 + x * 7 + c * 80) % 256;
const raw = (n: number, y: number, x: number) => (x % 10 === 0 ? 0 : 0.5 + n + (y * W + x) / (H * W) * 9);

let matFile: string;

/** A miniature labeled .mat written with h5wasm: same names, MATLAB's transposed axes. */
beforeAll(async () => {
  matFile = join(await mkdtemp(join(tmpdir(), 'depthkit-nyumat-')), 'nyu_depth_v2_labeled.mat');
  const h5wasm = await loadH5wasm();
  const f = new h5wasm.File(matFile, 'w');
  const images = new Uint8Array(N * 3 * W * H);
  const rawDepths = new Float32Array(N * W * H);
  const depths = new Float32Array(N * W * H);
  for (let n = 0; n < N; n++) {
    for (let x = 0; x < W; x++) {
      for (let y = 0; y < H; y++) {
        for (let c = 0; c < 3; c++) images[((n * 3 + c) * W + x) * H + y] = pixel(n, y, x, c);
        rawDepths[(n * W + x) * H + y] = raw(n, y, x);
        depths[(n * W + x) * H + y] = 1 + n;
      }
    }
  }
  f.create_dataset({ name: 'images', data: images, shape: [N, 3, W, H], dtype: '<B' });
  f.create_dataset({ name: 'rawDepths', data: rawDepths, shape: [N, W, H], dtype: '<f' });
  f.create_dataset({ name: 'depths', data: depths, shape: [N, W, H], dtype: '<f' });
  f.close();
});

describe('NYU labeled .mat (HDF5)', () => {
  it('undoes the transposed axes for images and depths', async () => {
    const mat = await NyuLabeledMat.open(matFile);
    try {
      expect([mat.count, mat.width, mat.height]).toEqual([N, W, H]);
      const image = mat.image(1);
      for (const [y, x] of [[0, 0], [10, 20], [479, 639], [123, 456]]) {
        for (let c = 0; c < 3; c++) expect(image.data[(y * W + x) * 3 + c]).toBe(pixel(1, y, x, c));
      }
      const depth = mat.depth(1);
      expect(depth.data[100 * W + 201]).toBe(Math.fround(raw(1, 100, 201)));
      expect(depth.data[100 * W + 200]).toBe(0);
      expect(mat.depth(0, 'depths').data[5]).toBe(1);
      expect(() => mat.image(2)).toThrow(/frame index 2 is outside 0\.\.1/);
    } finally {
      mat.close();
    }
  });

  it('exports in BTS layout: black frame, millimetres truncated, readable by the sync reader', async () => {
    const out = await mkdtemp(join(tmpdir(), 'depthkit-nyuout-'));
    const mat = await NyuLabeledMat.open(matFile);
    const entries = [{ id: 'a', rgbPath: 'office/rgb_00001.jpg', depthPath: 'office/sync_depth_00001.png', index: 1 }];
    try {
      expect(await exportNyuLabeled(mat, entries, out)).toBe(1);
    } finally {
      mat.close();
    }
    const depth = await readGray16Png(join(out, 'office/sync_depth_00001.png'));
    expect(depth.data[100 * W + 201]).toBe(Math.trunc(Math.fround(Math.fround(raw(1, 100, 201)) * 1000)));
    expect(depth.data[100 * W + 200]).toBe(0);
    const rgb = await readRgbImage(join(out, 'office/rgb_00001.jpg'));
    expect(Math.max(...rgb.data.subarray(0, W * 3 * 5))).toBeLessThan(12); // top rows are the black frame (JPEG noise aside)
    const sample = await new NyuReader(out).read({ id: 'a', rgbPath: 'office/rgb_00001.jpg', depthPath: 'office/sync_depth_00001.png' });
    expect(sample.depth?.width).toBe(W);
  });

  it('names the file and the shapes it found when the layout is wrong', async () => {
    const bad = join(await mkdtemp(join(tmpdir(), 'depthkit-nyumat-')), 'bad.mat');
    const h5wasm = await loadH5wasm();
    const f = new h5wasm.File(bad, 'w');
    f.create_dataset({ name: 'images', data: new Uint8Array(3 * 4 * 5), shape: [1, 3, 4, 5], dtype: '<B' });
    f.create_dataset({ name: 'rawDepths', data: new Float32Array(20), shape: [1, 5, 4], dtype: '<f' });
    f.close();
    await expect(NyuLabeledMat.open(bad)).rejects.toThrow(`${bad}: expected an HDF5 dataset 'depths'`);
    await expect(NyuLabeledMat.open(join(bad, '..', 'none.mat'))).rejects.toThrow(/none\.mat: missing NYU Depth v2 labeled \.mat/);
  });

  it('refuses to build the official test set from a file with too few frames', async () => {
    const outDir = await mkdtemp(join(tmpdir(), 'depthkit-nyuout-'));
    await expect(exportNyuTestSet({ matFile, outDir })).rejects.toThrow(`${matFile}: has 2 frames, but the test set needs index 1448`);
  });
});

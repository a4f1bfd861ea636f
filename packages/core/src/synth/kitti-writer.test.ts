import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { readKittiCalibration } from '../datasets/kitti/calibration.js';
import { KittiReader } from '../datasets/kitti/reader.js';
import { parseKittiEntries } from '../datasets/kitti/split-entry.js';
import { kittiSpec } from '../datasets/kitti-spec.js';
import { readSplitList } from '../datasets/splits.js';
import { readPng16 } from '../io/read-image.js';
import sharp from 'sharp';
import { scaleIntrinsics } from './camera.js';
import { generateSynthDataset, renderSynthFrame, writerFor } from './generate.js';
import { kittiReferenceIntrinsics } from './kitti-calibration-text.js';
import { synthKittiDate, synthKittiDrives } from './kitti-writer.js';
import { cityscapesTrainIds } from './label-sets.js';

const [width, height] = [256, 80];
const seed = 11;
const count = 4;
let sparseRoot: string;
let denseRoot: string;

beforeAll(async () => {
  sparseRoot = await mkdtemp(join(tmpdir(), 'depthkit-synth-kitti-'));
  denseRoot = await mkdtemp(join(tmpdir(), 'depthkit-synth-kitti-'));
  await generateSynthDataset({ layout: 'kitti', out: sparseRoot, count, seed, split: 'test', size: [width, height] });
  await generateSynthDataset({ layout: 'kitti', out: denseRoot, count, seed, split: 'test', size: [width, height], denseGroundTruth: true });
});

async function entries(root: string) {
  const file = join(root, 'splits', kittiSpec.splits.eigen.listFile);
  return parseKittiEntries(await readSplitList(file), file);
}

async function semantic(root: string, frame: string): Promise<Uint8Array> {
  const file = join(root, synthKittiDate, synthKittiDrives.test, 'depthkit', 'semantic_02', `${frame}.png`);
  const { data, info } = await sharp(await readFile(file)).toColourspace('b-w').raw().toBuffer({ resolveWithObject: true });
  expect(info.channels).toBe(1);
  return new Uint8Array(data);
}

describe('synthetic KITTI', () => {
  it('writes calibration the KITTI reader parses: S_rect_02 is the size, P_rect_02 the scaled 09_26 camera', async () => {
    const calib = await readKittiCalibration(join(sparseRoot, synthKittiDate));
    expect([calib.width, calib.height]).toEqual([width, height]);
    const expected = scaleIntrinsics(kittiReferenceIntrinsics, kittiSpec.resolution.native, [height, width]);
    for (const key of ['fx', 'fy', 'cx', 'cy'] as const) expect(calib.intrinsics[key]).toBeCloseTo(expected[key], 4);
  });

  it('round-trips through KittiReader with benchmark GT equal to the rendered depth within 1/256 m quantisation', async () => {
    const list = await entries(denseRoot);
    expect(list.map((e) => e.frame)).toEqual([0, 1, 2, 3]);
    const reader = new KittiReader({ root: denseRoot, groundTruth: 'benchmark' });
    const writer = writerFor({ layout: 'kitti', out: denseRoot, count, seed, split: 'test', denseGroundTruth: true }, width, height);
    for (const entry of list) {
      const sample = await reader.read(entry);
      expect([sample.rgb.width, sample.rgb.height, sample.depth?.width, sample.depth?.height]).toEqual([width, height, width, height]);
      const rendered = renderSynthFrame(writer, seed, 'test', entry.frame);
      const gt = sample.depth?.data ?? new Float32Array();
      for (let i = 0; i < gt.length; i++) {
        const d = rendered.depth[i];
        if (Number.isFinite(d) && d > kittiSpec.minDepth && d <= kittiSpec.maxDepth) expect(Math.abs(gt[i] - d)).toBeLessThanOrEqual(0.5 / 256 + 1e-6);
        else expect(gt[i]).toBe(0);
      }
    }
  });

  it('puts road pixels at depth = fy·h / (v − cy), h = 1.65 m, within quantisation', async () => {
    const reader = new KittiReader({ root: denseRoot, groundTruth: 'benchmark' });
    let checked = 0;
    for (const entry of await entries(denseRoot)) {
      const sample = await reader.read(entry);
      const labels = await semantic(denseRoot, String(entry.frame).padStart(10, '0'));
      const { fy, cy } = sample.intrinsics ?? { fy: 0, cy: 0 };
      sample.depth?.data.forEach((d, i) => {
        if (labels[i] !== cityscapesTrainIds.road || d === 0) return;
        const v = Math.floor(i / width);
        expect(Math.abs(d - (fy * 1.65) / (v - cy))).toBeLessThanOrEqual(0.5 / 256 + 1e-4);
        checked++;
      });
    }
    expect(checked).toBeGreaterThan(1000);
  });

  it('makes sparse GT along scan lines, a subset of the dense GT', async () => {
    const sparse = await new KittiReader({ root: sparseRoot, groundTruth: 'benchmark' }).read((await entries(sparseRoot))[0]);
    const dense = await new KittiReader({ root: denseRoot, groundTruth: 'benchmark' }).read((await entries(denseRoot))[0]);
    const s = sparse.depth?.data ?? new Float32Array();
    const d = dense.depth?.data ?? new Float32Array();
    const valid = s.filter((v) => v > 0).length;
    expect(valid).toBeGreaterThan(0);
    expect(valid).toBeLessThan(d.filter((v) => v > 0).length * 0.8);
    s.forEach((v, i) => v > 0 && expect(v).toBe(d[i]));
  });

  it("writes velodyne scans that monodepth2's projection maps back onto the GT, one pixel up-left (its round(u) − 1)", async () => {
    const list = await entries(sparseRoot);
    const bench = new KittiReader({ root: sparseRoot, groundTruth: 'benchmark' });
    const velo = new KittiReader({ root: sparseRoot, groundTruth: 'velodyne', velDepth: false });
    for (const entry of list.slice(0, 2)) {
      const gt = (await bench.read(entry)).depth?.data ?? new Float32Array();
      const projected = (await velo.read(entry)).depth?.data ?? new Float32Array();
      let matched = 0;
      for (let i = 0; i < gt.length; i++) {
        const col = i % width;
        const row = Math.floor(i / width);
        if (col === 0 || row === 0) continue;
        const shifted = projected[(row - 1) * width + col - 1];
        if (gt[i] === 0) continue;
        expect(Math.abs(shifted - gt[i])).toBeLessThanOrEqual(0.5 / 256 + 1e-4);
        matched++;
      }
      expect(matched).toBeGreaterThan(100);
      expect(projected.filter((v) => v > 0).length).toBe(matched);
    }
  });

  it('labels road, sidewalk, building, car and sky with Cityscapes trainIds, and gives cars instance ids', async () => {
    const seen = new Set<number>();
    for (let frame = 0; frame < count; frame++) {
      const name = String(frame).padStart(10, '0');
      const labels = await semantic(sparseRoot, name);
      labels.forEach((l) => seen.add(l));
      const instances = await readPng16(join(sparseRoot, synthKittiDate, synthKittiDrives.test, 'depthkit', 'instance_02', `${name}.png`));
      labels.forEach((l, i) => {
        if (l === cityscapesTrainIds.car) expect(instances.data[i]).toBeGreaterThan(0);
        if (l === cityscapesTrainIds.sky || l === cityscapesTrainIds.road) expect(instances.data[i]).toBe(0);
      });
    }
    for (const name of ['road', 'sidewalk', 'building', 'car', 'sky'] as const) expect(seen).toContain(cityscapesTrainIds[name]);
  });

  it('refuses to rewrite a date calibration for another size', async () => {
    await expect(generateSynthDataset({ layout: 'kitti', out: sparseRoot, count: 1, seed, split: 'train', size: [128, 40] })).rejects.toThrow(
      /calib_cam_to_cam\.txt: already holds another synthetic calibration \(S_rect_02: 2\.560000e\+02 8\.000000e\+01\)/,
    );
  });
});

import { copyFile, mkdir, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { beforeAll, describe, expect, it } from 'vitest';
import type { SkippedEntry } from '../sample.js';
import { sharedData } from '../testing/shared-data.js';
import { KittiReader, kittiGroundTruthOf } from './reader.js';
import { parseKittiEntry } from './split-entry.js';

const date = '2011_09_26';
const drive = '2011_09_26_drive_0001_sync';
let root: string;
let gtRoot: string;

/** A small KITTI raw tree and benchmark tree built from the real samples. */
beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'depthkit-kitti-'));
  gtRoot = join(root, 'benchmark');
  for (const name of ['calib_cam_to_cam.txt', 'calib_velo_to_cam.txt']) {
    await mkdir(join(root, date), { recursive: true });
    await copyFile(sharedData('kitti', date, name), join(root, date, name));
  }
  const images = join(root, date, drive, 'image_02', 'data');
  const scans = join(root, date, drive, 'velodyne_points', 'data');
  const gt = join(gtRoot, 'train', drive, 'proj_depth', 'groundtruth', 'image_02');
  for (const dir of [images, scans, gt]) await mkdir(dir, { recursive: true });
  for (const frame of ['0000000005', '0000000050', '0000000100']) {
    await copyFile(sharedData(`kitti/metric3d_kitti_demo/rgb/${frame}.png`), join(images, `${frame}.png`));
    await copyFile(sharedData('kitti/velodyne_unpaired/0000000000.bin'), join(scans, `${frame}.bin`));
  }
  await copyFile(sharedData('kitti/metric3d_kitti_demo/depth/0000000005.png'), join(gt, '0000000005.png'));
  await copyFile(sharedData('kitti/metric3d_kitti_demo/depth/0000000050.png'), join(gt, '0000000050.png'));
  // frame 100 has no benchmark GT: like the 45 Eigen frames without it
});

const entry = (frame: number) => parseKittiEntry(`${date}/${drive} ${frame} l`, 'test');

describe('KITTI reader', () => {
  it('maps split names to their GT from the spec', () => {
    expect(kittiGroundTruthOf('eigen')).toBe('velodyne');
    expect(kittiGroundTruthOf('eigen_benchmark')).toBe('benchmark');
    expect(kittiGroundTruthOf('eigen_zhou')).toBe('benchmark');
    expect(kittiGroundTruthOf('no_such_split')).toBe('none');
  });

  it('reads image, benchmark GT and calibrated intrinsics', async () => {
    const reader = new KittiReader({ root, gtRoot, groundTruth: 'benchmark' });
    const sample = await reader.read(entry(5));
    expect([sample.rgb.width, sample.rgb.height]).toEqual([1242, 375]);
    expect(sample.depth?.data.filter((d) => d > 0).length).toBe(90839);
    expect(sample.intrinsics?.fx).toBe(721.5377);
  });

  it('reads velodyne GT projected with velodyne x', async () => {
    const reader = new KittiReader({ root, groundTruth: 'velodyne' });
    const sample = await reader.read(entry(50));
    const valid = sample.depth?.data.filter((d) => d > 0) ?? [];
    expect(valid.length).toBe(18212);
    expect(Math.min(...valid)).toBeCloseTo(3.492, 4);
  });

  it('skips entries without GT when asked, and counts them', async () => {
    const reader = new KittiReader({ root, gtRoot, groundTruth: 'benchmark' });
    const skipped: SkippedEntry[] = [];
    const ids: string[] = [];
    for await (const s of reader.samples([entry(5), entry(100), entry(50)], { onMissingGroundTruth: 'skip', skipped })) ids.push(s.id);
    expect(ids).toEqual([entry(5).id, entry(50).id]);
    expect(skipped).toHaveLength(1);
    expect(skipped[0].reason).toMatch(/0000000100\.png: no ground truth/);
    await expect(reader.read(entry(100))).rejects.toThrow(/no ground truth for .*\(benchmark GT not found/);
  });

  it("treats a BTS 'None' GT entry as missing GT", async () => {
    const reader = new KittiReader({ root, gtRoot, groundTruth: 'benchmark' });
    const none = parseKittiEntry(`${date}/${drive}/image_02/data/0000000005.png None 721.5377`, 'bts');
    await expect(reader.read(none)).rejects.toThrow(/lists its benchmark GT as 'None'/);
  });

  it('names the missing image', async () => {
    const reader = new KittiReader({ root, groundTruth: 'none' });
    await expect(reader.read(entry(7))).rejects.toThrow(/0000000007\.png: missing KITTI image/);
  });

  it('rejects an image whose size disagrees with S_rect_02, and GT whose size disagrees with the image', async () => {
    const other = await mkdtemp(join(tmpdir(), 'depthkit-kitti-'));
    await mkdir(join(other, date, drive, 'image_02', 'data'), { recursive: true });
    const cam = (await readFile(join(root, date, 'calib_cam_to_cam.txt'), 'utf8')).replace(/^S_rect_02:.*$/m, 'S_rect_02: 1224 370');
    await writeFile(join(other, date, 'calib_cam_to_cam.txt'), cam);
    await copyFile(join(root, date, 'calib_velo_to_cam.txt'), join(other, date, 'calib_velo_to_cam.txt'));
    await copyFile(sharedData('kitti/metric3d_kitti_demo/rgb/0000000005.png'), join(other, date, drive, 'image_02', 'data', '0000000005.png'));
    await expect(new KittiReader({ root: other, groundTruth: 'none' }).read(entry(5))).rejects.toThrow(/image is 1242×375 but S_rect_02 .* says 1224×370/);

    const small = join(other, 'gt', drive, 'proj_depth', 'groundtruth', 'image_02');
    await mkdir(small, { recursive: true });
    await sharp(new Uint16Array(4), { raw: { width: 2, height: 2, channels: 1 } }).toColourspace('grey16').png().toFile(join(small, '0000000005.png'));
    const reader = new KittiReader({ root, gtRoot: join(other, 'gt'), groundTruth: 'benchmark' });
    await expect(reader.read(entry(5))).rejects.toThrow(/0000000005\.png: size 2×2 does not match its image .* \(1242×375\)/);
  });

  it('rejects an 8-bit GT PNG by name', async () => {
    const eight = await mkdtemp(join(tmpdir(), 'depthkit-kitti-'));
    const dir = join(eight, drive, 'proj_depth', 'groundtruth', 'image_02');
    await mkdir(dir, { recursive: true });
    await sharp(new Uint8Array(1242 * 375), { raw: { width: 1242, height: 375, channels: 1 } }).png().toFile(join(dir, '0000000005.png'));
    const reader = new KittiReader({ root, gtRoot: eight, groundTruth: 'benchmark' });
    await expect(reader.read(entry(5))).rejects.toThrow(/0000000005\.png: expected a KITTI depth-benchmark PNG .* with 16 bits per sample, found 8-bit/);
  });
});

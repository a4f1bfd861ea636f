import { copyFile, mkdir, mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { SkippedEntry } from '../sample.js';
import { sharedData } from '../testing/shared-data.js';
import { parseNyuEntry } from './split-entry.js';
import { NyuReader } from './sync-reader.js';

let root: string;
beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'depthkit-nyu-'));
  await mkdir(join(root, 'basement_0001a'), { recursive: true });
  for (const i of ['00000', '00050']) {
    await copyFile(sharedData(`nyu/metric3d_nyu_demo/rgb/rgb_${i}.jpg`), join(root, 'basement_0001a', `rgb_${i}.jpg`));
    await copyFile(sharedData(`nyu/metric3d_nyu_demo/depth/sync_depth_${i}.png`), join(root, 'basement_0001a', `sync_depth_${i}.png`));
  }
  await copyFile(sharedData('nyu/metric3d_nyu_demo/rgb/rgb_00100.jpg'), join(root, 'basement_0001a', 'rgb_00100.jpg'));
  await copyFile(sharedData('kitti/metric3d_kitti_demo/depth/0000000005.png'), join(root, 'basement_0001a', 'sync_depth_99999.png'));
  await copyFile(sharedData('nyu/metric3d_nyu_demo/rgb/rgb_00100.jpg'), join(root, 'basement_0001a', 'rgb_99999.jpg'));
});

const line = (i: string) => parseNyuEntry(`/basement_0001a/rgb_${i}.jpg /basement_0001a/sync_depth_${i}.png 518.8579`, 'test');

describe('NYU sync reader', () => {
  it('reads image and depth in metres with the fixed intrinsics', async () => {
    const sample = await new NyuReader(root).read(line('00000'));
    expect([sample.rgb.width, sample.rgb.height]).toEqual([640, 480]);
    const valid = Array.from(sample.depth?.data ?? []).filter((d) => d > 0);
    expect(valid.length).toBe(225121);
    expect(valid.reduce((a, b) => Math.max(a, b), 0)).toBeCloseTo(6.625, 3);
    expect(sample.intrinsics).toEqual({ fx: 518.8579, fy: 519.4696, cx: 325.5825, cy: 253.7362 });
  });

  it('skips a frame whose depth is missing and counts it', async () => {
    const skipped: SkippedEntry[] = [];
    const got = [];
    for await (const s of new NyuReader(root).samples([line('00000'), line('00100'), line('00050')], { onMissingGroundTruth: 'skip', skipped })) got.push(s.id);
    expect(got).toHaveLength(2);
    expect(skipped.map((s) => s.file)).toEqual([join(root, 'basement_0001a', 'sync_depth_00100.png')]);
  });

  it('rejects depth whose size differs from the image, naming both', async () => {
    await expect(new NyuReader(root).read(line('99999'))).rejects.toThrow(/sync_depth_99999\.png: size 1242×375 does not match its image .*rgb_99999\.jpg \(640×480\)/);
  });
});

import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { sharedData } from '../datasets/testing/shared-data.js';
import { decodeDepth, encodeDepth, readDepthPng, writeDepthPng } from './depth-png.js';
import { readGray16Png } from './read-image.js';

describe('depth PNG', () => {
  it('encodes metres × scale, rounded, clamped, with invalid values as 0', () => {
    const depth = { width: 7, height: 1, data: new Float32Array([0, 1, 1.001953125, 300, -2, Number.NaN, 255.99]) };
    expect(Array.from(encodeDepth(depth, 256).data)).toEqual([0, 256, 257, 65535, 0, 0, 65533]);
  });

  it('writes and reads back KITTI-scaled depth', async () => {
    const file = join(await mkdtemp(join(tmpdir(), 'depthkit-depth-')), 'out', 'd.png');
    const depth = { width: 2, height: 2, data: new Float32Array([0, 5.5, 80, 0.00390625]) };
    await writeDepthPng(file, depth, 256);
    expect(Array.from((await readGray16Png(file)).data)).toEqual([0, 1408, 20480, 1]);
    expect(Array.from((await readDepthPng(file, 256)).data)).toEqual([0, 5.5, 80, 0.00390625]);
  });

  it('decodes the KITTI samples as FORMAT_NOTES gives them', async () => {
    const cases: [string, number, number, number][] = [
      ['0000000005', 90839, 5.332, 84.895],
      ['0000000050', 96131, 5.203, 83.23],
      ['0000000100', 85098, 5.129, 80.809],
    ];
    for (const [frame, valid, min, max] of cases) {
      const depth = await readDepthPng(sharedData(`kitti/metric3d_kitti_demo/depth/${frame}.png`), 256);
      const values = depth.data.filter((d) => d > 0);
      expect(values.length).toBe(valid);
      expect(values.reduce((a, b) => Math.min(a, b), Infinity)).toBeCloseTo(min, 3);
      expect(values.reduce((a, b) => Math.max(a, b), 0)).toBeCloseTo(max, 3);
    }
  });

  it('decodes the NYU samples (millimetres) as FORMAT_NOTES gives them', async () => {
    const cases: [string, number, number][] = [
      ['metric3d_nyu_demo/depth/sync_depth_00000.png', 225121, 3.578],
      ['metric3d_nyu_demo/depth/sync_depth_00050.png', 230598, 3.456],
      ['metric3d_nyu_demo/depth/sync_depth_00100.png', 205970, 2.788],
      ['unidepth_demo/depth.png', 209294, 3.6947],
    ];
    for (const [file, valid, mean] of cases) {
      const depth = await readDepthPng(sharedData('nyu', file), 1000);
      expect([depth.width, depth.height]).toEqual([640, 480]);
      const values = depth.data.filter((d) => d > 0);
      expect(values.length).toBe(valid);
      expect(values.reduce((a, b) => a + b, 0) / values.length).toBeCloseTo(mean, 3);
    }
  });

  it('decodeDepth keeps 0 as no measurement', () => {
    const out = decodeDepth({ width: 3, height: 1, channels: 1, data: new Uint16Array([0, 1000, 65535]) }, 1000);
    expect(Array.from(out.data)).toEqual([0, 1, Math.fround(65.535)]);
  });
});

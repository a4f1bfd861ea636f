import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCommand } from '../testing/cli-output.js';
import { readGray16Png } from '../io/read-image.js';
import { sharedData } from '../datasets/testing/shared-data.js';
import { kittiCommand } from './kitti-command.js';

const run = (args: string[]) => runCommand(kittiCommand(), args);

describe('depthkit kitti velodyne-to-depth', () => {
  it('writes a 16-bit PNG at the calibrated size with the verified pixel count', async () => {
    const out = join(await mkdtemp(join(tmpdir(), 'depthkit-cli-')), 'depth.png');
    const printed = await run([
      'velodyne-to-depth', '--calib-dir', sharedData('kitti/2011_09_26'), '--bin', sharedData('kitti/velodyne_unpaired/0000000000.bin'), '--out', out, '--vel-depth',
    ]);
    expect(printed).toMatch(/1242×375, 18287 points in image, 18212 pixels with depth \(velodyne x\)/);
    const png = await readGray16Png(out);
    expect([png.width, png.height]).toEqual([1242, 375]);
    expect(png.data.filter((v) => v > 0).length).toBe(18212);
    expect(png.data.reduce((a, b) => (b > 0 ? Math.min(a, b) : a), 65535)).toBe(Math.round(3.492 * 256));
  });

  it('fails with the missing file named', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'depthkit-cli-'));
    await expect(
      run(['velodyne-to-depth', '--calib-dir', sharedData('kitti/2011_09_26'), '--bin', join(dir, 'x.bin'), '--out', join(dir, 'o.png')]),
    ).rejects.toThrow(/x\.bin: missing velodyne scan/);
  });
});

import { mkdtemp, readdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCommand } from '../testing/cli-output.js';
import { readSplitList } from '../datasets/splits.js';
import { synthKittiDate, synthKittiDrives, synthKittiSplitFiles } from '../synth/kitti-writer.js';
import { parseSize, synthCommand, transposedSizeWarning } from './synth-command.js';

const run = (args: string[]) => runCommand(synthCommand(), args);

describe('depthkit synth', () => {
  it('writes --count frames into the --split drive and its list', async () => {
    const out = await mkdtemp(join(tmpdir(), 'depthkit-cli-synth-'));
    for (const [split, count] of [['train', 3], ['test', 2]] as const) {
      const printed = await run(['--layout', 'kitti', '--out', out, '--count', String(count), '--seed', '7', '--split', split, '--size', '24x64']);
      expect(printed).toMatch(new RegExp(`wrote ${count} kitti ${split} frames \\(24×64, HxW\\)`));
      const images = await readdir(join(out, synthKittiDate, synthKittiDrives[split], 'image_02', 'data'));
      expect(images.sort()).toEqual(Array.from({ length: count }, (_, i) => `000000000${i}.png`));
      const lines = await readSplitList(join(out, 'splits', synthKittiSplitFiles[split]));
      expect(lines).toEqual(Array.from({ length: count }, (_, i) => `${synthKittiDate}/${synthKittiDrives[split]} 000000000${i} l`));
    }
  });

  it('names the bad option and what it expected', async () => {
    const out = join(tmpdir(), 'depthkit-cli-synth-never');
    await expect(run(['--layout', 'cityscapes', '--out', out])).rejects.toThrow("--layout: expected one of kitti, nyu, synthia, found 'cityscapes'");
    await expect(run(['--layout', 'kitti', '--out', out, '--split', 'val'])).rejects.toThrow("--split: expected train or test, found 'val'");
    await expect(run(['--layout', 'kitti', '--out', out, '--count', 'many'])).rejects.toThrow("--count: expected an integer, found 'many'");
    expect(() => parseSize('256*80')).toThrow("--size: expected HxW (height × width) such as 80x256, found '256*80'");
    expect(parseSize('80x256')).toEqual([256, 80]);
    expect(transposedSizeWarning(parseSize('621x188'), [1242, 375], '621x188')).toBe(
      "--size 621x188 is 621 high × 188 wide, but the layout's frames are 375×1242 (HxW); sizes are height×width — did you mean 188x621?");
    expect(transposedSizeWarning(parseSize('188x621'), [1242, 375], '188x621')).toBeNull();
  });
});

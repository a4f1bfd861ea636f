import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { readPng16Depth } from './read-png16-depth.js';
import { sharedDataDir } from './shared-data.js';

describe('readPng16Depth', () => {
  it('decodes the real KITTI and NYU samples exactly as PIL does', async () => {
    const data = sharedDataDir();
    for (const [rel, scale] of [['kitti/metric3d_kitti_demo/depth/0000000005.png', 256], ['nyu/unidepth_demo/depth.png', 1000]] as const) {
      const file = path.join(data, rel);
      const script = 'import sys, numpy as np; from PIL import Image; a = np.asarray(Image.open(sys.argv[1])).astype(np.int64); '
        + 'print(a.shape[0], a.shape[1], int(a.sum()), int((a * np.arange(a.size).reshape(a.shape) % 1000003).sum()))';
      const [h, w, sum, weighted] = execFileSync('sh', ['-c', `command -p python3 -c "$0" "$1"`, script, file], { encoding: 'utf8' }).trim().split(' ').map(Number);
      const map = await readPng16Depth(file, scale);
      expect([map.height, map.width]).toEqual([h, w]);
      let s = 0;
      let ws = 0;
      for (let i = 0; i < map.data.length; i++) {
        const v = Math.round(map.data[i] * scale);
        s += v;
        ws += (v * i) % 1000003;
      }
      expect([s, ws]).toEqual([sum, weighted]);
    }
  });

  it('values are float32(value) / scale, as numpy computes them', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'dk-png16-'));
    const file = path.join(dir, 'd.png');
    const samples = new Uint16Array([0, 1, 999, 1000, 10000, 65535]);
    await sharp(samples, { raw: { width: 6, height: 1, channels: 1 } }).toColourspace('grey16').png().toFile(file);
    const map = await readPng16Depth(file, 1000);
    expect(Array.from(map.data)).toEqual(Array.from(samples, (v) => Math.fround(v / 1000)));
  });

  it('rejects 8-bit and colour PNGs and non-PNGs, naming the file', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'dk-png16-'));
    const grey8 = path.join(dir, 'grey8.png');
    await sharp(new Uint8Array(6), { raw: { width: 3, height: 2, channels: 1 } }).toColourspace('b-w').png().toFile(grey8);
    await expect(readPng16Depth(grey8, 256)).rejects.toThrow(/grey8\.png: expected a 16-bit greyscale depth PNG, found 8-bit greyscale/);
    const rgb16 = path.join(dir, 'rgb16.png');
    await sharp(new Uint16Array(18), { raw: { width: 3, height: 2, channels: 3 } }).toColourspace('rgb16').png().toFile(rgb16);
    await expect(readPng16Depth(rgb16, 256)).rejects.toThrow(/rgb16\.png: expected a 16-bit greyscale depth PNG, found 16-bit RGB/);
    const text = path.join(dir, 'text.png');
    await writeFile(text, 'hello');
    await expect(readPng16Depth(text, 256)).rejects.toThrow(/text\.png: expected a 16-bit depth PNG, found no PNG signature/);
    await expect(readPng16Depth(path.join(dir, 'absent.png'), 256)).rejects.toThrow(/absent\.png: cannot read a 16-bit depth PNG/);
  });
});

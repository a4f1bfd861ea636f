import { mkdir, mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { writePng16, writeRgbImage } from '../../io/write-image.js';
import type { SkippedEntry } from '../sample.js';
import { synthiaSpec } from '../synthia-spec.js';
import { SynthiaReader, listSynthiaFrames, synthiaGroupTable, synthiaPaths } from './reader.js';

const W = 6;
const H = 4;
let root: string;

/** A two-frame RAND_CITYSCAPES tree: depth in cm and labels in 16-bit RGB PNGs, as released. */
beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'depthkit-synthia-'));
  for (const dir of ['RGB', 'Depth/Depth', 'GT/LABELS']) await mkdir(join(root, dir), { recursive: true });
  for (const frame of ['0000000', '0000001']) {
    const paths = synthiaPaths(root, frame);
    await writeRgbImage(paths.rgb, { width: W, height: H, data: new Uint8Array(W * H * 3).fill(100) });
    if (frame === '0000001') continue; // no depth for the second frame
    const depth = new Uint16Array(W * H * 3);
    const labels = new Uint16Array(W * H * 3);
    for (let i = 0; i < W * H; i++) {
      depth.fill([0, 1, 250, 1234, 8000, 65535][i % 6], i * 3, i * 3 + 3);
      labels[i * 3] = i % 23; // class id in the first channel
      labels[i * 3 + 1] = 1000 + i; // instance id in the second
    }
    await writePng16(paths.depth, { width: W, height: H, channels: 3, data: depth });
    await writePng16(paths.labels, { width: W, height: H, channels: 3, data: labels });
  }
});

describe('SYNTHIA-RAND-CITYSCAPES reader', () => {
  it('lists frames from RGB/', async () => {
    expect(await listSynthiaFrames(root)).toEqual(['0000000', '0000001']);
    await expect(listSynthiaFrames(join(root, 'nope'))).rejects.toThrow(/RGB: missing SYNTHIA RGB folder/);
  });

  it('reads depth from centimetres and class ids from the first label channel', async () => {
    const sample = await new SynthiaReader(root).read('0000000');
    expect(Array.from(sample.depth?.data.slice(0, 6) ?? [])).toEqual([0, 0.01, 2.5, 12.34, 80, 655.35].map(Math.fround));
    expect(Array.from(sample.labels?.data.slice(0, 4) ?? [])).toEqual([0, 1, 2, 3]);
    // The spec's camera is for 1280×760 frames; a smaller frame keeps the field of view.
    const fixed = synthiaSpec.intrinsics.fixed;
    expect(sample.intrinsics).toEqual({ fx: fixed.fx * W / 1280, fy: fixed.fy * H / 760, cx: fixed.cx * W / 1280, cy: fixed.cy * H / 760 });
  });

  it('maps class ids to the four segment-depth groups', () => {
    const table = synthiaGroupTable();
    expect([table[8], table[3], table[6], table[1], table[0], table[9999]]).toEqual([0, 1, 2, 3, 3, 3]);
  });

  it('skips a frame without depth and counts it', async () => {
    const skipped: SkippedEntry[] = [];
    const ids: string[] = [];
    for await (const s of new SynthiaReader(root).samples(await listSynthiaFrames(root), { onMissingGroundTruth: 'skip', skipped })) ids.push(s.id);
    expect(ids).toEqual(['0000000']);
    expect(skipped[0].file).toBe(synthiaPaths(root, '0000001').depth);
  });
});

import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { kittiSpec } from '../datasets/kitti-spec.js';
import { nyuSpec } from '../datasets/nyu-spec.js';
import { readGray16Png } from '../io/read-image.js';
import { generateSynthDataset } from '../synth/generate.js';
import { openSplit } from './dataset-split.js';
import { synthNyuInstancePath } from './synth-instances.js';

describe('openSplit adds depthkit synth instance maps', () => {
  it('KITTI layout: the sample carries the frame\'s instance ids, pixel for pixel', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'dk-inst-kitti-'));
    await generateSynthDataset({ layout: 'kitti', out: dir, count: 2, seed: 3, split: 'train', size: [160, 64] });
    const split = await openSplit(kittiSpec, dir, 'train');
    const sample = await split.read(1);
    expect(sample.instances).toBeDefined();
    expect([sample.instances!.width, sample.instances!.height]).toEqual([160, 64]);
    const file = path.join(dir, path.dirname(path.dirname(path.dirname(path.dirname(split.groundTruthPath(1))))), 'depthkit', 'instance_02', path.basename(split.groundTruthPath(1)));
    const onDisk = await readGray16Png(file);
    expect(Array.from(sample.instances!.data)).toEqual(Array.from(onDisk.data));
    expect(new Set(sample.instances!.data).size).toBeGreaterThan(1);
    await rm(dir, { recursive: true, force: true });
  });

  it('NYU layout: instance_<id>.png beside rgb_<id>.jpg; a folder without maps reads as before', async () => {
    expect(synthNyuInstancePath('/bathroom_0001/rgb_00012.jpg')).toBe('/bathroom_0001/depthkit/instance_00012.png');
    const dir = await mkdtemp(path.join(tmpdir(), 'dk-inst-nyu-'));
    await generateSynthDataset({ layout: 'nyu', out: dir, count: 1, seed: 4, split: 'train', size: [640, 480] });
    const split = await openSplit(nyuSpec, dir, 'train');
    const sample = await split.read(0);
    expect([sample.instances!.width, sample.instances!.height]).toEqual([640, 480]);
    await rm(path.join(dir, path.dirname(synthNyuInstancePath(split.groundTruthPath(0).replace('sync_depth_', 'rgb_')))), { recursive: true, force: true });
    expect((await split.read(0)).instances).toBeUndefined();
    await rm(dir, { recursive: true, force: true });
  });
});

import { augmentationPresets, generateSynthDataset, initEngine, kittiSpec, synthiaSpec, trainMethod } from '@depthkit/core';
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { segmentDepth } from '../method.js';
import { trainFocalFor } from './camera.js';

const synthia = augmentationPresets.synthia;

describe('f_train (§4) follows the training size', () => {
  beforeAll(async () => {
    await initEngine({ engine: 'wasm', log: false });
  });

  it('SYNTHIA resized whole: fx 532.74 px at 1280 columns scales with the width', () => {
    // 532.740352 · 320 / 1280 and · 480 / 1280, by hand.
    expect(trainFocalFor({ dataset: synthiaSpec, crop: [192, 320], augmentation: { ...synthia, size: [192, 320] } })).toBeCloseTo(133.185, 3);
    expect(trainFocalFor({ dataset: synthiaSpec, crop: [288, 480], augmentation: { ...synthia, size: [288, 480] } })).toBeCloseTo(199.778, 3);
  });

  it('refuses a setting whose focal length it cannot derive, naming it', () => {
    const randomCrop = { ...synthia, resizeToSize: false, size: [192, 320] as const };
    expect(() => trainFocalFor({ dataset: synthiaSpec, crop: [192, 320], augmentation: randomCrop })).toThrow(/synthia augmentation for crop 192x320 uses a random crop/);
    const rotated = { ...synthia, rotateDegrees: 2, size: [192, 320] as const };
    expect(() => trainFocalFor({ dataset: synthiaSpec, crop: [192, 320], augmentation: rotated })).toThrow(/resizeToSize after rotateDegrees/);
    expect(() => trainFocalFor({ dataset: kittiSpec, crop: [192, 320], augmentation: { ...synthia, size: [192, 320] } })).toThrow(/'kitti' has no fixed camera/);
  });

  it('train --crop 192x320 saves trainFocal 133.2 px with the model (tiny network, one step)', { timeout: 300_000 }, async () => {
    const data = await mkdtemp(path.join(tmpdir(), 'dk-segdepth-focal-data-'));
    await generateSynthDataset({ layout: 'synthia', out: data, count: 2, seed: 3, split: 'train', size: [160, 96] });
    const out = await mkdtemp(path.join(tmpdir(), 'dk-segdepth-focal-out-'));
    // The preset's own crop (48×80) would give 33.3 px: the saved value must come from --crop.
    expect(segmentDepth.presets.tiny.config.trainFocal).toBeCloseTo(33.30, 2);
    const trained = await trainMethod({ method: segmentDepth, preset: 'tiny', dataDir: data, outDir: out, crop: [192, 320], steps: 1, batchSize: 1, log: 'none', validate: false });
    const saved = JSON.parse(await readFile(path.join(trained.modelDir, 'model.json'), 'utf8')) as { userDefinedMetadata: { depthkit: { config: { trainFocal: number } } } };
    expect(Math.abs(saved.userDefinedMetadata.depthkit.config.trainFocal - 133.2)).toBeLessThanOrEqual(0.1);
  });
});

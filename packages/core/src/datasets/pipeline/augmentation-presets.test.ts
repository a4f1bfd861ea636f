import { describe, expect, it } from 'vitest';
import { kittiSpec } from '../kitti-spec.js';
import { nyuSpec } from '../nyu-spec.js';
import { synthiaSpec } from '../synthia-spec.js';
import { augmentationPresets, presetPipelineOptions } from './augmentation-presets.js';

describe('augmentation presets', () => {
  it('take sizes and valid depth from the dataset specs', () => {
    expect(augmentationPresets.kitti.size).toEqual(kittiSpec.resolution.train);
    expect(augmentationPresets.nyu.size).toEqual(nyuSpec.resolution.train);
    expect(augmentationPresets.synthia.size).toEqual(synthiaSpec.resolution.train);
    expect(presetPipelineOptions('kitti').validDepth).toEqual({ min: kittiSpec.minDepth, max: kittiSpec.maxDepth });
  });

  it("follow BTS's per-dataset ranges and order", () => {
    expect(augmentationPresets.kitti.rotateDegrees).toBe(1);
    expect(augmentationPresets.nyu.rotateDegrees).toBe(2.5);
    expect(augmentationPresets.kitti.jitter.brightness).toEqual([0.75, 1.25]);
    expect(augmentationPresets.nyu.jitter.brightness).toEqual([0.9, 1.1]);
    expect(presetPipelineOptions('kitti').augment.map((a) => a.name)).toEqual(['kbCrop', 'rotate', 'randomCrop', 'flip', 'colourJitter']);
    expect(presetPipelineOptions('nyu').augment.map((a) => a.name)).toEqual(['fixedCrop', 'rotate', 'randomCrop', 'flip', 'colourJitter']);
    expect(presetPipelineOptions('synthia').augment.map((a) => a.name)).toEqual(['resize', 'flip', 'colourJitter']);
  });
});

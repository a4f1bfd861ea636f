import { describe, expect, it } from 'vitest';
import { kittiSpec } from '../datasets/kitti-spec.js';
import { nyuSpec } from '../datasets/nyu-spec.js';
import { synthiaSpec } from '../datasets/synthia-spec.js';
import { ciRecipe, ciSyntheticSize } from './ci-recipe.js';

describe('CI-sized recipes', () => {
  it('generate NYU at the 640×480 its reader accepts, KITTI as small strips, and refuse other datasets', () => {
    expect(ciSyntheticSize(nyuSpec)).toEqual([640, 480]);
    expect(ciSyntheticSize(kittiSpec)).toEqual([320, 128]);
    expect(() => ciSyntheticSize(synthiaSpec)).toThrow("no CI synthetic frame size for dataset 'synthia'");
  });

  it('resize whole frames to the crop and predict at that size', () => {
    const recipe = ciRecipe({ dataset: nyuSpec, crop: [96, 128], steps: 7, optimizer: { type: 'adam', lr: 1e-3 }, source: 'test' });
    expect(recipe).toMatchObject({
      batchSize: 4, crop: [96, 128], steps: 7, testSize: [96, 128],
      augmentation: { preCrop: undefined, rotateDegrees: 0, resizeToSize: true },
      synthetic: { train: 96, test: 24, size: [640, 480] },
    });
    expect('schedule' in recipe).toBe(false);
  });
});

import { describe, expect, it } from 'vitest';
import { kittiSpec } from './kitti-spec.js';
import { nyuSpec } from './nyu-spec.js';
import { defineDatasetSpec } from './spec.js';
import { synthiaClasses, synthiaSpec } from './synthia-spec.js';

describe('dataset specs', () => {
  it('name their default splits among their splits', () => {
    for (const spec of [kittiSpec, nyuSpec, synthiaSpec]) {
      expect(Object.keys(spec.splits)).toContain(spec.defaultSplits.train);
      expect(Object.keys(spec.splits)).toContain(spec.defaultSplits.test);
    }
    expect(() =>
      defineDatasetSpec({ ...kittiSpec, defaultSplits: { train: 'nope', test: 'eigen' } }),
    ).toThrow(/default train split 'nope' is not among its splits/);
  });

  it('put every SYNTHIA class in exactly one segment-depth group', () => {
    const groups = Object.values(synthiaSpec.labels.groups);
    expect(Object.keys(synthiaSpec.labels.groups)).toEqual(['foreground', 'flat', 'vegetation', 'background']);
    const seen = groups.flat().sort((a, b) => a - b);
    expect(seen).toEqual(synthiaClasses.map((_, id) => id));
    expect(synthiaClasses[3]).toBe('road');
    expect(synthiaClasses[15]).toBe('traffic light');
  });

  it('keep the NYU labeled-export facts consistent with the split sizes', () => {
    expect(nyuSpec.splits.nyu_test.size).toBe(654);
    expect(nyuSpec.borders.labeled).toMatchObject({ rows: [7, 474], cols: [7, 632], colour: 'black' });
  });
});

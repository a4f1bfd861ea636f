import { describe, expect, it } from 'vitest';
import { loadSplit } from '../splits.js';
import { nyuSpec } from '../nyu-spec.js';
import { sharedData } from '../testing/shared-data.js';
import { nyuTestEntries, readNyuOfficialSplit } from './official-split.js';
import { parseNyuEntry } from './split-entry.js';

describe('NYU official split', () => {
  it('reads splits.mat as 795 / 654 zero-based indices', async () => {
    const split = await readNyuOfficialSplit(sharedData('splits/nyu_splits.mat'));
    expect(split.train).toHaveLength(795);
    expect(split.test).toHaveLength(654);
    expect(Math.min(...split.train, ...split.test)).toBe(0);
  });

  it('matches the bundled BTS test list, which supplies the scene folders', async () => {
    const split = await readNyuOfficialSplit(sharedData('splits/nyu_splits.mat'));
    const list = await loadSplit(nyuSpec, 'test');
    const entries = nyuTestEntries(split, list.lines.map((l) => parseNyuEntry(l, list.file)), list.file);
    expect(entries).toHaveLength(654);
    expect(entries[0]).toMatchObject({ rgbPath: 'bathroom/rgb_00045.jpg', depthPath: 'bathroom/sync_depth_00045.png', focal: 518.8579, index: 45 });
  });

  it('names the list when it disagrees with splits.mat', async () => {
    const split = await readNyuOfficialSplit(sharedData('splits/nyu_splits.mat'));
    const wrong = [parseNyuEntry('kitchen/rgb_00002.jpg kitchen/sync_depth_00002.png 518.8579', 'l.txt')];
    expect(() => nyuTestEntries(split, wrong, 'l.txt')).toThrow(/l\.txt: does not match splits\.mat's test set: 654 test indices unlisted .* 1 entries not in the test set/);
  });

  it('parses train-list lines with leading slashes and rejects non-image lines', () => {
    expect(parseNyuEntry('/kitchen_0028b/rgb_00045.jpg /kitchen_0028b/sync_depth_00045.png 518.8579', 'x')).toMatchObject({
      rgbPath: 'kitchen_0028b/rgb_00045.jpg',
      depthPath: 'kitchen_0028b/sync_depth_00045.png',
    });
    expect(() => parseNyuEntry('hello world', 'x.txt')).toThrow(/x\.txt: expected an NYU split line/);
  });
});

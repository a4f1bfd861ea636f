import { describe, expect, it } from 'vitest';
import { loadSplit, readSplitList } from '../splits.js';
import { kittiSpec } from '../kitti-spec.js';
import { sharedData } from '../testing/shared-data.js';
import { parseKittiEntry } from './split-entry.js';

describe('KITTI split lines', () => {
  it('parse the three list forms', () => {
    expect(parseKittiEntry('2011_09_26/2011_09_26_drive_0002_sync 0000000069 l', 'x')).toMatchObject({
      date: '2011_09_26', drive: '2011_09_26_drive_0002_sync', frame: 69, side: 'l',
    });
    expect(parseKittiEntry('2011_09_26/2011_09_26_drive_0002_sync 69 r', 'x')).toMatchObject({ frame: 69, side: 'r' });
    expect(
      parseKittiEntry('2011_09_26/2011_09_26_drive_0002_sync/image_02/data/0000000069.png None 721.5377', 'x'),
    ).toMatchObject({ frame: 69, side: 'l', gtPath: null, focal: 721.5377 });
  });

  it('read all of eigen (697, 28 drives) and eigen_benchmark (652, the eigen frames with GT, same order)', async () => {
    const eigen = (await loadSplit(kittiSpec, 'eigen')).lines.map((l) => parseKittiEntry(l, 'eigen'));
    const bench = (await loadSplit(kittiSpec, 'eigen_benchmark')).lines.map((l) => parseKittiEntry(l, 'bench'));
    const bts = (await readSplitList(sharedData('splits/eigen_test_files_with_gt.txt'))).map((l) => parseKittiEntry(l, 'bts'));
    expect(eigen).toHaveLength(697);
    expect(new Set(eigen.map((e) => e.drive)).size).toBe(28);
    expect(bts.filter((e) => e.gtPath === null)).toHaveLength(45);
    const key = (e: { drive: string; frame: number }) => `${e.drive}/${e.frame}`;
    expect(bts.map(key)).toEqual(eigen.map(key));
    expect(bench.map(key)).toEqual(bts.filter((e) => e.gtPath !== null).map(key));
  });

  it('names the list and the line it cannot read', () => {
    expect(() => parseKittiEntry('2011_09_26 69', 'list.txt')).toThrow(/list\.txt: expected a KITTI split line .* found '2011_09_26 69'/);
    expect(() => parseKittiEntry('2011_09_26/d x l', 'list.txt')).toThrow(/frame 'x' is not a number/);
  });
});

import { readFile, readdir, writeFile, mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { kittiSpec } from './kitti-spec.js';
import { nyuSpec } from './nyu-spec.js';
import { bundledSplitsDir, loadSplit, readSplitList, resolveSplitName } from './splits.js';
import { synthiaSpec } from './synthia-spec.js';
import { sharedData } from './testing/shared-data.js';

describe('split names', () => {
  it('resolves test and train to the spec defaults', () => {
    expect(resolveSplitName(kittiSpec, 'test')).toBe('eigen');
    expect(resolveSplitName(kittiSpec, 'train')).toBe('eigen_zhou');
    expect(resolveSplitName(nyuSpec, 'test')).toBe('nyu_test');
    expect(resolveSplitName(nyuSpec, 'train')).toBe('nyu_train');
    expect(resolveSplitName(synthiaSpec, 'train')).toBe('all');
    expect(resolveSplitName(kittiSpec, 'eigen_benchmark')).toBe('eigen_benchmark');
  });

  it('lists the known names when a split is unknown', () => {
    expect(() => resolveSplitName(kittiSpec, 'eigne')).toThrow(/no split 'eigne'; known: eigen, eigen_benchmark/);
  });
});

describe('bundled lists', () => {
  it('are byte-for-byte the shared lists, with a provenance notice', async () => {
    const dir = bundledSplitsDir();
    const names = (await readdir(dir)).sort();
    expect(names).toContain('README.md');
    for (const name of names.filter((n) => n !== 'README.md')) {
      expect(Buffer.compare(await readFile(join(dir, name)), await readFile(sharedData('splits', name)))).toBe(0);
    }
    const notice = await readFile(join(dir, 'README.md'), 'utf8');
    expect(notice).toMatch(/GPL-3\.0/);
    expect(notice).toMatch(/Niantic/);
  });

  it('load with their official sizes (BTS files have no trailing newline)', async () => {
    expect((await loadSplit(kittiSpec, 'test')).lines).toHaveLength(697);
    expect((await loadSplit(kittiSpec, 'eigen_benchmark')).lines).toHaveLength(652);
    const nyu = await loadSplit(nyuSpec, 'test');
    expect(nyu.name).toBe('nyu_test');
    expect(nyu.lines).toHaveLength(654);
    expect(await readSplitList(sharedData('splits/eigen_test_files_with_gt.txt'))).toHaveLength(697);
  });

  it('asks for --split-file where no list is bundled', async () => {
    await expect(loadSplit(kittiSpec, 'train')).rejects.toThrow(/kitti split 'eigen_zhou' has no bundled list.*--split-file/);
  });

  it('checks a user list against the official size, unless told not to', async () => {
    const file = join(await mkdtemp(join(tmpdir(), 'depthkit-split-')), 'mine.txt');
    await writeFile(file, '2011_09_26/2011_09_26_drive_0001_sync 0000000005 l\n\n');
    await expect(loadSplit(kittiSpec, 'eigen_zhou', { splitFile: file })).rejects.toThrow(
      `${file}: kitti split 'eigen_zhou' should list 39810 entries, found 1`,
    );
    expect((await loadSplit(kittiSpec, 'eigen_zhou', { splitFile: file, checkSize: false })).lines).toHaveLength(1);
    await expect(loadSplit(kittiSpec, 'eigen', { splitFile: join(file, '..', 'nope.txt') })).rejects.toThrow(/nope\.txt: missing split list/);
  });
});

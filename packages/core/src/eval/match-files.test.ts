import { mkdtempSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { listDepthFiles, matchDepthFiles } from './match-files.js';

async function tree(files: string[]): Promise<string> {
  const root = mkdtempSync(path.join(tmpdir(), 'dk-match-'));
  for (const file of files) {
    await mkdir(path.dirname(path.join(root, file)), { recursive: true });
    await writeFile(path.join(root, file), '');
  }
  return root;
}

describe('matchDepthFiles', () => {
  it('lists depth files recursively, sorted, ignoring other files and hidden temp files', async () => {
    const dir = await tree(['b/2.png', 'a/1.npy', 'a/notes.txt', 'a/.1.png.tmp', 'c.PNG']);
    expect(await listDepthFiles(dir)).toEqual(['a/1.npy', 'b/2.png', 'c.PNG']);
  });

  it('pairs by relative path and stem, across formats', async () => {
    const gt = await tree(['x/0001.png', 'x/0002.png']);
    const pred = await tree(['x/0001.npy', 'x/0002.png', 'x/extra.png']);
    const pairs = await matchDepthFiles(gt, pred);
    expect(pairs.map((p) => [p.file, path.relative(pred, p.predPath)])).toEqual([
      ['x/0001.png', 'x/0001.npy'],
      ['x/0002.png', 'x/0002.png'],
    ]);
  });

  it('a prediction in both formats is ambiguous; so is GT sharing a stem', async () => {
    const gt = await tree(['0001.png']);
    const pred = await tree(['0001.png', '0001.npy']);
    await expect(matchDepthFiles(gt, pred)).rejects.toThrow(/1 predictions exist in both formats, e\.g\. 0001\.png and 0001\.npy/);
    const gt2 = await tree(['0001.png', '0001.npy']);
    await expect(matchDepthFiles(gt2, pred)).rejects.toThrow(/ground-truth files 0001\.npy and 0001\.png share a stem/);
  });

  it('an empty or absent GT folder is an error naming it', async () => {
    const empty = await tree([]);
    await expect(matchDepthFiles(empty, empty)).rejects.toThrow(/no ground-truth depth files \(\.png or \.npy\) found/);
    await expect(matchDepthFiles(path.join(empty, 'nope'), empty)).rejects.toThrow(/nope: cannot list depth files/);
  });

  it('lists at most five missing paths and says how many more', async () => {
    const gt = await tree(Array.from({ length: 8 }, (_, i) => `${i}.png`));
    const pred = await tree([]);
    await expect(matchDepthFiles(gt, pred)).rejects.toThrow(/8 of 8 predictions missing, e\.g\. 0\.\{png,npy\}, 1\.\{png,npy\}, 2\.\{png,npy\}, 3\.\{png,npy\}, 4\.\{png,npy\}, … \(3 more\)/);
  });
});

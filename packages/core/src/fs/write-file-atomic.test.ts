import { mkdtemp, readdir, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeFileAtomic } from './write-file-atomic.js';

describe('writeFileAtomic', () => {
  it('creates parent folders, replaces content and leaves no temp file', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'dk-atomic-'));
    const file = path.join(dir, 'a', 'b', 'report.json');
    await writeFileAtomic(file, 'first');
    await writeFileAtomic(file, 'second');
    expect(await readFile(file, 'utf8')).toBe('second');
    expect(await readdir(path.dirname(file))).toEqual(['report.json']);
  });

  it('fails without leaving a temp file when the target is a directory', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'dk-atomic-'));
    await expect(writeFileAtomic(dir, 'x')).rejects.toThrow();
    expect((await readdir(path.dirname(dir))).filter((f) => f.endsWith('.tmp') && f.includes(path.basename(dir)))).toEqual([]);
  });
});

import { spawnSync } from 'node:child_process';
import { mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeFileAtomic, type WriteFn } from './write-file-atomic.js';

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

describe('writeFileAtomic on a disk fault', () => {
  const enospc = () => Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' });

  it('an injected failure mid-write names the target, keeps the old content and leaves no temp file', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'dk-atomic-'));
    const file = path.join(dir, 'report.json');
    await writeFileAtomic(file, 'old');
    const failing: WriteFn = async (temp, data) => {
      await writeFile(temp, String(data).slice(0, 2));
      throw enospc();
    };
    await expect(writeFileAtomic(file, 'new content', failing)).rejects.toThrow(`${file}: could not write it (ENOSPC: the disk is full: free space or write elsewhere)`);
    expect(await readFile(file, 'utf8')).toBe('old');
    expect(await readdir(dir)).toEqual(['report.json']);
  });

  it('a real full disk (a 64 KiB tmpfs) names the target and leaves no temp file', async (context) => {
    const mountPoint = await mkdtemp(path.join(tmpdir(), 'dk-enospc-'));
    const mounted = spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=64k', 'tmpfs', mountPoint], { encoding: 'utf8' });
    if (mounted.status !== 0) {
      console.warn(`skipped the tmpfs ENOSPC case: mount is not permitted here (${(mounted.stderr || mounted.error?.message || '').trim()})`);
      context.skip();
    }
    try {
      const file = path.join(mountPoint, 'weights.bin');
      await expect(writeFileAtomic(file, new Uint8Array(256 * 1024))).rejects.toThrow(`${file}: could not write it (ENOSPC`);
      expect(await readdir(mountPoint)).toEqual([]);
    } finally {
      spawnSync('umount', [mountPoint]);
    }
  });
});

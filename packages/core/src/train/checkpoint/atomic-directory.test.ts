import { spawnSync } from 'node:child_process';
import { mkdtemp, readdir, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { AtomicDirectory } from './atomic-directory.js';

describe('AtomicDirectory on a full disk', () => {
  it('names the file being written, keeps the previous version and leaves no temp folder (a 64 KiB tmpfs)', async (context) => {
    const mountPoint = await mkdtemp(path.join(tmpdir(), 'dk-atomic-dir-'));
    const mounted = spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=64k', 'tmpfs', mountPoint], { encoding: 'utf8' });
    if (mounted.status !== 0) {
      console.warn(`skipped the tmpfs ENOSPC case: mount is not permitted here (${(mounted.stderr || mounted.error?.message || '').trim()})`);
      context.skip();
    }
    try {
      const dir = path.join(mountPoint, 'last');
      const store = new AtomicDirectory(dir, async (d) => Number(await readFile(path.join(d, 'step.txt'), 'utf8')));
      await store.replace(async (write) => write('step.txt', '1'));
      const failed = store.replace(async (write) => {
        await write('weights.bin', new Uint8Array(256 * 1024));
        await write('step.txt', '2');
      });
      await expect(failed).rejects.toThrow(`${dir}/weights.bin: could not write it (ENOSPC: the disk is full`);
      expect(await readdir(mountPoint)).toEqual(['last']);
      expect(await readFile(path.join(dir, 'step.txt'), 'utf8')).toBe('1');
    } finally {
      spawnSync('umount', [mountPoint]);
    }
  });
});

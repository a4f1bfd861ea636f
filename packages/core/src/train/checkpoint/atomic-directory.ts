import { randomBytes } from 'node:crypto';
import { mkdir, open, readdir, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import { writeError } from '../../fs/write-file-atomic.js';

/** Called before every file write and rename; tests throw from it to simulate a crash there. */
export type WriteHook = (stage: string, file: string) => void | Promise<void>;

/** A version's ordering key (a step), or null when the directory is missing or incomplete. */
export type VersionOf = (dir: string) => Promise<number | null>;

/**
 * A directory replaced as a whole: readers, and a process killed at any moment, see a complete
 * old version or the complete new one. POSIX cannot rename a directory over a non-empty one, so:
 * fill `<dir>.tmp-X`, rename the old `<dir>` to `<dir>.old-X`, rename the new one in, remove the
 * old. A crash between the renames leaves no `<dir>`, only complete siblings; `newest` finds the
 * best of them and `recover` puts it back in place before the next write.
 */
export class AtomicDirectory {
  /**
   * `previous`: where the replaced version is kept (one generation), so a version damaged after
   * it was written still leaves one to fall back on. Without it the replaced version is removed.
   */
  constructor(readonly dir: string, private readonly versionOf: VersionOf, private readonly hook?: WriteHook, readonly previous?: string) {}

  /**
   * Writes a new version; `fill` writes its files (the last one written should mark it complete).
   * `temp` is the folder being filled, for a check that reads the new version before it goes in.
   */
  async replace(fill: (write: (name: string, data: string | Uint8Array) => Promise<void>, temp: string) => Promise<void>): Promise<void> {
    await this.recover();
    const suffix = randomBytes(4).toString('hex');
    const temp = `${this.dir}.tmp-${suffix}`;
    await mkdir(temp, { recursive: true });
    // A crash leaves the temp folder (the next replace() removes it); a failed write removes it now.
    await fill(async (name, data) => {
      const file = path.join(temp, name);
      await this.hook?.(`write ${name}`, file);
      try {
        await writeDurably(file, data);
      } catch (error) {
        await rm(temp, { recursive: true, force: true }).catch(() => undefined);
        throw writeError(path.join(this.dir, name), error);
      }
    }, temp);
    const old = `${this.dir}.old-${suffix}`;
    const hadOld = await rename(this.dir, old).then(() => true, (e: NodeJS.ErrnoException) => {
      if (e.code === 'ENOENT') return false;
      throw e;
    });
    if (hadOld) await this.hook?.('renamed old away', old);
    await this.hook?.('rename new in', temp);
    await rename(temp, this.dir);
    if (!hadOld) return;
    await this.hook?.('remove old', old);
    if (this.previous) await this.keepAsPrevious(old);
    else await rm(old, { recursive: true, force: true });
  }

  /** Replaces `previous` by `candidate`; a crash in between leaves `candidate` as a sibling, which `recover` keeps. */
  private async keepAsPrevious(candidate: string): Promise<void> {
    await rm(this.previous!, { recursive: true, force: true });
    await rename(candidate, this.previous!);
  }

  /** The complete version with the highest key (`<dir>` on a tie), or null. */
  async newest(): Promise<{ dir: string; version: number } | null> {
    let best: { dir: string; version: number } | null = null;
    for (const dir of [this.dir, ...(await this.siblings())]) {
      const version = await this.versionOf(dir).catch(() => null);
      if (version != null && (best == null || version > best.version)) best = { dir, version };
    }
    return best;
  }

  /**
   * Makes the newest complete version `<dir>`, the next newest `previous` (when kept and newer
   * than the one there), and removes every leftover.
   */
  async recover(): Promise<void> {
    const siblings = await this.siblings();
    if (siblings.length === 0) return;
    const best = await this.newest();
    if (best && best.dir !== this.dir) {
      await rm(this.dir, { recursive: true, force: true });
      await rename(best.dir, this.dir);
    }
    if (this.previous) await this.keepNewestLeftover(best?.version ?? Infinity);
    for (const s of await this.siblings()) await rm(s, { recursive: true, force: true });
  }

  private async keepNewestLeftover(below: number): Promise<void> {
    let candidate: { dir: string; version: number } | null = null;
    for (const dir of await this.siblings()) {
      const version = await this.versionOf(dir).catch(() => null);
      if (version != null && version < below && (candidate == null || version > candidate.version)) candidate = { dir, version };
    }
    if (!candidate) return;
    const kept = await this.versionOf(this.previous!).catch(() => null);
    if (kept == null || kept < candidate.version) await this.keepAsPrevious(candidate.dir);
  }

  private async siblings(): Promise<string[]> {
    const parent = path.dirname(this.dir);
    const base = path.basename(this.dir);
    const names = await readdir(parent).catch(() => [] as string[]);
    return names
      .filter((n) => n.startsWith(`${base}.tmp-`) || n.startsWith(`${base}.old-`))
      .sort()
      .map((n) => path.join(parent, n));
  }
}

async function writeDurably(file: string, data: string | Uint8Array): Promise<void> {
  const handle = await open(file, 'w');
  try {
    await handle.writeFile(data);
    // Survives power loss too, not only a killed process.
    await handle.sync();
  } finally {
    await handle.close();
  }
}

import { randomBytes } from 'node:crypto';
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';

/** The write itself, replaceable by tests to inject a failure (a full disk) at the moment of writing. */
export type WriteFn = (file: string, data: string | Uint8Array) => Promise<void>;

const hints: Record<string, string> = {
  ENOSPC: 'the disk is full: free space or write elsewhere',
  EDQUOT: 'the disk quota is exhausted: free space or write elsewhere',
  EACCES: 'permission denied: choose a writable folder',
  EROFS: 'the file system is read-only: choose a writable folder',
  EISDIR: 'a folder has that name: choose another output path',
};

/**
 * Writes a file so that readers (and a crash at any moment) see either the old content or the
 * new one, never a torn file: write a temp file beside it, then rename over (atomic on POSIX).
 * On failure the temp file is removed and the error names the file being written.
 */
export async function writeFileAtomic(file: string, data: string | Uint8Array, write: WriteFn = writeFile): Promise<void> {
  const temp = path.join(path.dirname(file), `.${path.basename(file)}.${randomBytes(6).toString('hex')}.tmp`);
  try {
    await mkdir(path.dirname(file), { recursive: true });
    await write(temp, data);
    await rename(temp, file);
  } catch (error) {
    await rm(temp, { force: true }).catch(() => undefined);
    throw writeError(file, error);
  }
}

/** `<file>: could not write (<code>: <hint>)`, keeping the original as `cause`. */
export function writeError(file: string, error: unknown): Error {
  const code = (error as NodeJS.ErrnoException)?.code;
  const hint = code ? hints[code] : undefined;
  const detail = error instanceof Error ? error.message : String(error);
  return Object.assign(new Error(`${file}: could not write it (${code ?? 'error'}${hint ? `: ${hint}` : ''}); ${detail}`, { cause: error }), { code });
}

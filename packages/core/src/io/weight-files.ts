import type * as tf from '@tensorflow/tfjs-core';
import { open, realpath, stat } from 'node:fs/promises';
import path from 'node:path';
import { assertFiniteWeights, weightEntryBytes } from './weight-entries.js';

export { assertFiniteWeights, weightEntryBytes } from './weight-entries.js';

/** One `weightsManifest` group: its shard files (relative to the folder) and the tensors they hold, in order. */
export interface WeightsGroup {
  paths: string[];
  weights: tf.io.WeightsManifestEntry[];
}

/** Refusal of a weight file named by a manifest: the file and the reason, before any byte of it is read. */
export class WeightFileError extends Error {
  constructor(readonly file: string, readonly reason: string) {
    super(`${file}: ${reason}`);
    this.name = 'WeightFileError';
  }
}

/** A weight file path from a manifest, resolved inside `dir` (symlinks followed on both sides), or a refusal. */
export async function confinedWeightPath(dir: string, relative: unknown, manifest: string): Promise<string> {
  const shown = path.join(dir, String(relative));
  if (typeof relative !== 'string' || relative === '') {
    throw new WeightFileError(manifest, `expected each weightsManifest path to be a file name inside ${dir}, found ${JSON.stringify(relative)}`);
  }
  if (path.isAbsolute(relative) || /^[a-zA-Z]:[\\/]/.test(relative)) {
    throw new WeightFileError(relative, `refused: ${manifest} names an absolute path ('${relative}'); weight files must be inside ${dir}`);
  }
  if (relative.split(/[\\/]/).includes('..')) {
    throw new WeightFileError(shown, `refused: ${manifest} names '${relative}', a path with '..'; weight files must be inside ${dir}`);
  }
  const root = await realpath(dir);
  const real = await realpath(shown).catch((error: NodeJS.ErrnoException) => {
    throw new WeightFileError(shown, `expected a weight file named by ${manifest}, found ${error.code === 'ENOENT' ? 'no such file' : error.message}`);
  });
  const inside = path.relative(root, real);
  if (inside === '' || inside.startsWith('..') || path.isAbsolute(inside)) {
    throw new WeightFileError(shown, `refused: resolves to ${real}, outside the folder ${root} (a symlink out?); weight files must be inside it`);
  }
  return real;
}

/**
 * Reads the weight data of a manifest's groups from `dir`: every path confined to the folder, a
 * regular file, and each group's files together exactly the bytes its entries imply — all
 * checked before any byte is read — then float tensors checked finite. A model folder comes from
 * strangers: it must not read outside itself, nor stream `/dev/zero` into memory.
 */
export async function readWeightGroups(dir: string, groups: readonly WeightsGroup[], manifest: string): Promise<ArrayBuffer> {
  if (!Array.isArray(groups)) throw new WeightFileError(manifest, `expected weightsManifest to be a list of { paths, weights }, found ${JSON.stringify(groups)?.slice(0, 80)}`);
  const plan: { file: string; size: number }[] = [];
  for (const [g, group] of groups.entries()) {
    if (!Array.isArray(group?.paths) || !Array.isArray(group?.weights)) {
      throw new WeightFileError(manifest, `expected weightsManifest[${g}] to have 'paths' and 'weights' lists`);
    }
    const expected = (group.weights as tf.io.WeightsManifestEntry[]).reduce((n: number, w) => n + weightEntryBytes(w), 0);
    const files: { file: string; size: number }[] = [];
    for (const p of group.paths) {
      const file = await confinedWeightPath(dir, p, manifest);
      const info = await stat(file);
      if (!info.isFile()) {
        throw new WeightFileError(file, `expected a regular weight file, found ${kindOf(info)}; refused without reading`);
      }
      files.push({ file, size: info.size });
    }
    const found = files.reduce((n, f) => n + f.size, 0);
    if (found !== expected) {
      throw new WeightFileError(files.map((f) => f.file).join(', ') || manifest,
        `expected ${expected} bytes (what the ${group.weights.length} tensors' shapes and dtypes in ${manifest} imply), found ${found}; refused without reading — the folder is damaged or its files do not belong to this manifest`);
    }
    plan.push(...files);
  }
  const total = plan.reduce((n, f) => n + f.size, 0);
  const out = new Uint8Array(total);
  let at = 0;
  for (const { file, size } of plan) {
    at += await readExactly(file, out.subarray(at, at + size));
  }
  const data = out.buffer;
  assertFiniteWeights(data, groups.flatMap((g) => g.weights), manifest);
  return data;
}

/** Reads exactly `into.byteLength` bytes, from a file that must still be that regular file when opened. */
async function readExactly(file: string, into: Uint8Array): Promise<number> {
  const handle = await open(file, 'r');
  try {
    const info = await handle.stat();
    if (!info.isFile() || info.size !== into.byteLength) {
      throw new WeightFileError(file, `changed while being read (expected a regular file of ${into.byteLength} bytes, found ${kindOf(info)} of ${info.size})`);
    }
    let done = 0;
    while (done < into.byteLength) {
      const { bytesRead } = await handle.read(into, done, into.byteLength - done, done);
      if (bytesRead === 0) throw new WeightFileError(file, `expected ${into.byteLength} bytes, the file ended at ${done}`);
      done += bytesRead;
    }
    return done;
  } finally {
    await handle.close();
  }
}

function kindOf(info: { isFile(): boolean; isDirectory(): boolean; isFIFO(): boolean; isCharacterDevice(): boolean; isBlockDevice(): boolean; isSocket(): boolean }): string {
  if (info.isFile()) return 'a regular file';
  if (info.isDirectory()) return 'a directory';
  if (info.isFIFO()) return 'a FIFO (named pipe)';
  if (info.isCharacterDevice()) return 'a character device';
  if (info.isBlockDevice()) return 'a block device';
  if (info.isSocket()) return 'a socket';
  return 'not a regular file';
}

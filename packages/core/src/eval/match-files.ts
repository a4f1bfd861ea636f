import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { depthFileExtensions } from './read-depth-file.js';

export interface DepthFilePair {
  /** GT path relative to the GT folder, '/'-separated: the name reports use. */
  file: string;
  gtPath: string;
  predPath: string;
}

/** Depth files (.png, .npy) under `dir`, relative and '/'-separated, sorted for a stable order. */
export async function listDepthFiles(dir: string): Promise<string[]> {
  const found: string[] = [];
  async function walk(rel: string): Promise<void> {
    let entries;
    try {
      entries = await readdir(path.join(dir, rel), { withFileTypes: true });
    } catch (error) {
      throw new Error(`${path.join(dir, rel)}: cannot list depth files: ${(error as Error).message}`);
    }
    for (const entry of entries) {
      const child = rel === '' ? entry.name : `${rel}/${entry.name}`;
      if (entry.isDirectory()) await walk(child);
      else if (isDepthFile(entry.name)) found.push(child);
    }
  }
  await walk('');
  return found.sort();
}

function isDepthFile(name: string): boolean {
  return !name.startsWith('.') && (depthFileExtensions as readonly string[]).includes(path.extname(name).toLowerCase());
}

function stemOf(rel: string): string {
  return rel.slice(0, rel.length - path.extname(rel).length);
}

/**
 * Pairs every GT file with the prediction at the same relative path and stem, in either format
 * (`a/0005.png` ↔ `a/0005.png` or `a/0005.npy`). Missing or ambiguous predictions are an error
 * listing the first few paths, so a half-finished prediction run cannot be scored as complete.
 */
export async function matchDepthFiles(gtDir: string, predDir: string): Promise<DepthFilePair[]> {
  const gtFiles = await listDepthFiles(gtDir);
  if (gtFiles.length === 0) throw new Error(`${gtDir}: no ground-truth depth files (.png or .npy) found`);
  assertUniqueStems(gtFiles, gtDir, 'ground-truth');
  // Keyed by lower-case extension: `0005.NPY` is the prediction of `0005.png` as much as `0005.npy` is.
  const predFiles = new Map((await listDepthFiles(predDir)).map((f) => [stemOf(f) + path.extname(f).toLowerCase(), f]));
  const pairs: DepthFilePair[] = [];
  const missing: string[] = [];
  const ambiguous: string[] = [];
  for (const file of gtFiles) {
    const stem = stemOf(file);
    const candidates = depthFileExtensions.map((ext) => stem + ext).filter((c) => predFiles.has(c));
    if (candidates.length === 0) missing.push(`${stem}.{png,npy}`);
    else if (candidates.length > 1) ambiguous.push(candidates.map((c) => predFiles.get(c)).join(' and '));
    else pairs.push({ file, gtPath: path.join(gtDir, file), predPath: path.join(predDir, predFiles.get(candidates[0])!) });
  }
  if (missing.length > 0) {
    throw new Error(`${predDir}: ${missing.length} of ${gtFiles.length} predictions missing, e.g. ${firstFew(missing)}`);
  }
  if (ambiguous.length > 0) {
    throw new Error(`${predDir}: ${ambiguous.length} predictions exist in both formats, e.g. ${firstFew(ambiguous)}; keep one`);
  }
  return pairs;
}

function assertUniqueStems(files: string[], dir: string, what: string): void {
  const seen = new Map<string, string>();
  for (const file of files) {
    const other = seen.get(stemOf(file));
    if (other !== undefined) throw new Error(`${dir}: ${what} files ${other} and ${file} share a stem; keep one`);
    seen.set(stemOf(file), file);
  }
}

function firstFew(items: string[], n = 5): string {
  const shown = items.slice(0, n).join(', ');
  return items.length > n ? `${shown}, … (${items.length - n} more)` : shown;
}

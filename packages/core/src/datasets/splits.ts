import { existsSync, readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { DatasetSpec, SplitSpec } from './spec.js';

/**
 * The package's `splits/` folder. Found by walking up to @depthkit/core's package.json, because
 * this module runs both from `src/datasets/` (tests) and bundled into `dist/`.
 */
export function bundledSplitsDir(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const manifest = join(dir, 'package.json');
    if (existsSync(manifest) && (JSON.parse(readFileSync(manifest, 'utf8')) as { name?: string }).name === '@depthkit/core') {
      return join(dir, 'splits');
    }
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`cannot find @depthkit/core's package folder above ${fileURLToPath(import.meta.url)}`);
    dir = parent;
  }
}

/** `test` and `train` stand for the spec's default splits; other names must be the spec's own. */
export function resolveSplitName(spec: DatasetSpec, name: string): string {
  const resolved = name === 'test' || name === 'train' ? spec.defaultSplits[name] : name;
  if (!(resolved in spec.splits)) {
    throw new Error(
      `dataset '${spec.name}' has no split '${name}'; known: ${[...Object.keys(spec.splits), 'test', 'train'].join(', ')}`,
    );
  }
  return resolved;
}

/** Non-empty, trimmed lines; the BTS lists end without a newline, so `wc -l` undercounts them. */
export async function readSplitList(file: string): Promise<string[]> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch {
    throw new Error(`${file}: missing split list (no such file)`);
  }
  return text
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== '');
}

export interface LoadedSplit {
  dataset: string;
  /** Canonical split name (aliases resolved). */
  name: string;
  spec: SplitSpec;
  file: string;
  lines: string[];
}

export interface LoadSplitOptions {
  /** A user's list, replacing the bundled one (required for splits without one). */
  splitFile?: string;
  /** Reject a list whose length differs from the split's official size (default true). */
  checkSize?: boolean;
}

/** A split's entry lines, from the bundled list or the user's `--split-file`. */
export async function loadSplit(spec: DatasetSpec, name: string, options: LoadSplitOptions = {}): Promise<LoadedSplit> {
  const canonical = resolveSplitName(spec, name);
  const split = spec.splits[canonical];
  const file = options.splitFile ? resolve(options.splitFile) : split.listFile ? join(bundledSplitsDir(), split.listFile) : undefined;
  if (!file) {
    throw new Error(`${spec.name} split '${canonical}' has no bundled list (${split.description}); pass its list with --split-file`);
  }
  const lines = await readSplitList(file);
  if ((options.checkSize ?? true) && split.size != null && lines.length !== split.size) {
    throw new Error(
      `${file}: ${spec.name} split '${canonical}' should list ${split.size} entries, found ${lines.length}` +
        ' (pass checkSize: false to use a partial list on purpose)',
    );
  }
  return { dataset: spec.name, name: canonical, spec: split, file, lines };
}

import { existsSync } from 'node:fs';
import path from 'node:path';
import { kittiImageCandidates } from '../datasets/kitti/layout.js';
import { KittiReader, kittiGroundTruthOf } from '../datasets/kitti/reader.js';
import { parseKittiEntry, type KittiEntry } from '../datasets/kitti/split-entry.js';
import { NyuReader } from '../datasets/nyu/sync-reader.js';
import { parseNyuEntry, type NyuEntry } from '../datasets/nyu/split-entry.js';
import type { SourceSample } from '../datasets/pipeline/train-sample.js';
import { loadSplit, resolveSplitName } from '../datasets/splits.js';
import { synthKittiInstancePath, synthNyuInstancePath, withSynthInstances } from './synth-instances.js';
import type { DatasetSpec } from '../datasets/spec.js';
import { openSynthiaSplit } from './synthia-split.js';

/** One split of a dataset folder, in list order, as the method CLIs read it. */
export interface OpenedSplit {
  spec: DatasetSpec;
  /** Canonical split name. */
  name: string;
  /** The list file it was read from. */
  listFile: string;
  ids: string[];
  read(index: number): Promise<SourceSample>;
  /**
   * Where the ground truth of entry `index` lives, relative to the data folder: predictions are
   * written under the same relative path so that `depthkit eval --gt --pred` pairs them.
   */
  groundTruthPath(index: number): string;
}

export interface OpenSplitOptions {
  /** A list replacing the data folder's own and the bundled one. */
  splitFile?: string;
}

/** The data folder's own list of a split (`<data>/splits/<localListFile>`), if it has one. */
function localList(spec: DatasetSpec, canonical: string, dataDir: string): string | undefined {
  const name = spec.splits[canonical]?.localListFile;
  const file = name ? path.join(dataDir, 'splits', name) : undefined;
  return file && existsSync(file) ? file : undefined;
}

/**
 * Opens `split` (a spec split name, or `train` / `test`) of a dataset folder. The list comes
 * from `--split-file`, else the folder's own `splits/`, else the list bundled with core.
 */
export async function openSplit(spec: DatasetSpec, dataDir: string, split: string, options: OpenSplitOptions = {}): Promise<OpenedSplit> {
  if (!existsSync(dataDir)) {
    throw new Error(`--data ${dataDir}: no such folder; expected a ${spec.name} dataset folder in its official layout ` +
      `(make a synthetic one with \`depthkit synth --layout ${spec.name} --split ${split === 'train' ? 'train' : 'test'} --out ${dataDir}\`)`);
  }
  if (spec.name === 'synthia') return openSynthiaSplit(spec, dataDir, split, options);
  const canonical = resolveSplitName(spec, split);
  const own = options.splitFile ?? localList(spec, canonical, dataDir);
  const loaded = await loadSplit(spec, canonical, { splitFile: own, checkSize: own == null });
  if (loaded.lines.length === 0) {
    const synthSplit = resolveSplitName(spec, 'train') === canonical ? 'train' : 'test';
    throw new Error(`${loaded.file}: the ${spec.name} '${canonical}' split list is empty; expected one frame per line — ` +
      `write frames with \`depthkit synth --layout ${spec.name} --split ${synthSplit} --out ${dataDir}\`, or pass another --split-file`);
  }
  const source = (i: number) => `${loaded.file}:${i + 1}`;
  if (spec.name === 'kitti') {
    const entries: KittiEntry[] = loaded.lines.map((line, i) => parseKittiEntry(line, source(i)));
    assertFramesPresent(spec, canonical, dataDir, loaded.file, entries.map((e) => kittiImageCandidates(dataDir, e)));
    const reader = new KittiReader({ root: dataDir, groundTruth: kittiGroundTruthOf(canonical) });
    return {
      spec, name: canonical, listFile: loaded.file, ids: entries.map((e) => e.id),
      read: withSynthInstances((i) => reader.read(entries[i]), dataDir, (i) => synthKittiInstancePath(entries[i])),
      groundTruthPath: (i) => {
        const e = entries[i];
        return path.join(e.date, e.drive, 'proj_depth', 'groundtruth', e.side === 'l' ? 'image_02' : 'image_03', `${String(e.frame).padStart(10, '0')}.png`);
      },
    };
  }
  if (spec.name === 'nyu') {
    const entries: NyuEntry[] = loaded.lines.map((line, i) => parseNyuEntry(line, source(i)));
    assertFramesPresent(spec, canonical, dataDir, loaded.file, entries.map((e) => [path.join(dataDir, e.rgbPath)]));
    const reader = new NyuReader(dataDir);
    return {
      spec, name: canonical, listFile: loaded.file, ids: entries.map((e) => e.id),
      read: withSynthInstances((i) => reader.read(entries[i]), dataDir, (i) => synthNyuInstancePath(entries[i].rgbPath)),
      groundTruthPath: (i) => entries[i].depthPath ?? entries[i].rgbPath.replace(/rgb_(\d+)\.\w+$/, 'sync_depth_$1.png'),
    };
  }
  throw new Error(`openSplit: dataset '${spec.name}' has no split reader for method CLIs yet (kitti, nyu, synthia)`);
}

/**
 * Fails, before any frame is read, when the folder lacks frames the split lists: which split, how
 * many are missing, and how to make them — rather than the first missing file's calibration error.
 */
function assertFramesPresent(spec: DatasetSpec, split: string, dataDir: string, listFile: string, candidates: string[][]): void {
  const missing = candidates.filter((files) => !files.some((f) => existsSync(f)));
  if (missing.length === 0) return;
  const synthSplit = resolveSplitName(spec, 'train') === split ? 'train' : 'test';
  throw new Error(`${dataDir}: the ${spec.name} '${split}' split (${listFile}) lists ${candidates.length} frames; ${missing.length} ${missing.length === 1 ? 'frame is' : 'frames are'} missing ` +
    `(first: ${missing[0][0]}). Make them with \`depthkit synth --layout ${spec.name} --split ${synthSplit} --out ${dataDir}\`, or pass --data / --split-file for a folder that has them`);
}

import { join } from 'node:path';
import { nyuSpec } from '../nyu-spec.js';
import { bundledSplitsDir, loadSplit } from '../splits.js';
import { exportNyuLabeled, type ExportNyuOptions } from './export-labeled.js';
import { NyuLabeledMat } from './labeled-mat.js';
import { nyuTestEntries, readNyuOfficialSplit } from './official-split.js';
import { parseNyuEntries } from './split-entry.js';

export interface NyuTestSetOptions extends ExportNyuOptions {
  /** nyu_depth_v2_labeled.mat (MATLAB v7.3). */
  matFile: string;
  /** Folder to write `scene/rgb_XXXXX.jpg` and `scene/sync_depth_XXXXX.png` into. */
  outDir: string;
  /** splits.mat; defaults to the bundled copy. */
  splitsFile?: string;
}

/**
 * Produces the official 654-frame test set from the labeled .mat in the layout the bundled
 * `nyu_test` list names, so NyuReader reads it back. Returns the number of frames written.
 */
export async function exportNyuTestSet(options: NyuTestSetOptions): Promise<number> {
  const split = await readNyuOfficialSplit(options.splitsFile ?? join(bundledSplitsDir(), 'nyu_splits.mat'));
  const list = await loadSplit(nyuSpec, 'nyu_test');
  const entries = nyuTestEntries(split, parseNyuEntries(list.lines, list.file), list.file);
  const mat = await NyuLabeledMat.open(options.matFile);
  try {
    const last = Math.max(...split.test);
    if (last >= mat.count) throw new Error(`${options.matFile}: has ${mat.count} frames, but the test set needs index ${last}`);
    return await exportNyuLabeled(mat, entries, options.outDir, options);
  } finally {
    mat.close();
  }
}

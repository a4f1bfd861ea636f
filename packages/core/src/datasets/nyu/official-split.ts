import { matVariable, readMatV5 } from '../../io/mat-v5.js';
import { nyuLabeled } from '../nyu-spec.js';
import type { NyuEntry } from './split-entry.js';

export interface NyuOfficialSplit {
  /** 0-based indices into the labeled .mat (splits.mat stores them 1-based). */
  train: number[];
  test: number[];
}

/** Reads splits.mat (MATLAB v5: `trainNdxs`, `testNdxs`) and checks the official sizes. */
export async function readNyuOfficialSplit(file: string): Promise<NyuOfficialSplit> {
  const vars = await readMatV5(file);
  const read = (name: string, expected: number) => {
    const values = Array.from(matVariable(vars, name, file).data, (v) => v - 1);
    if (values.length !== expected) throw new Error(`${file}: expected ${expected} entries in '${name}', found ${values.length}`);
    return values;
  };
  return { train: read('trainNdxs', nyuLabeled.trainFrames), test: read('testNdxs', nyuLabeled.testFrames) };
}

/**
 * The official test frames as entries of the bundled BTS list (which supplies scene folder names),
 * after checking that the list holds exactly splits.mat's test indices.
 */
export function nyuTestEntries(split: NyuOfficialSplit, listEntries: NyuEntry[], listFile: string): NyuEntry[] {
  const listed = new Set(listEntries.map((e) => e.index));
  const missing = split.test.filter((i) => !listed.has(i));
  const expected = new Set(split.test);
  const extra = listEntries.filter((e) => e.index == null || !expected.has(e.index));
  if (missing.length > 0 || extra.length > 0) {
    throw new Error(
      `${listFile}: does not match splits.mat's test set: ${missing.length} test indices unlisted` +
        `${missing.length ? ` (e.g. ${missing.slice(0, 3).join(', ')})` : ''}, ${extra.length} entries not in the test set` +
        `${extra.length ? ` (e.g. '${extra[0].id}')` : ''}`,
    );
  }
  return listEntries;
}

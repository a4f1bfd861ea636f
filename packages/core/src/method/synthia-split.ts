import { existsSync } from 'node:fs';
import path from 'node:path';
import { SynthiaReader, listSynthiaFrames, synthiaPaths } from '../datasets/synthia/reader.js';
import { readSplitList } from '../datasets/splits.js';
import type { DatasetSpec } from '../datasets/spec.js';
import { synthSynthiaSplitFiles } from '../synth/synthia-writer.js';
import type { OpenedSplit, OpenSplitOptions } from './dataset-split.js';

/**
 * A SYNTHIA folder's frames for `split`. SYNTHIA has no official split: the list is `--split-file`,
 * else the `splits/{train,test}_files.txt` depthkit synth writes (for `train` / `test`), else
 * every frame under RGB/.
 */
export async function openSynthiaSplit(spec: DatasetSpec, dataDir: string, split: string, options: OpenSplitOptions): Promise<OpenedSplit> {
  const own = split === 'train' || split === 'test' ? path.join(dataDir, 'splits', synthSynthiaSplitFiles[split]) : undefined;
  const listFile = options.splitFile ? path.resolve(options.splitFile) : own && existsSync(own) ? own : undefined;
  // Entries are frame names, with or without '.png' (the first field of a line).
  const ids = listFile ? (await readSplitList(listFile)).map((line) => path.basename(line.split(/\s+/)[0], '.png')) : await listSynthiaFrames(dataDir);
  if (ids.length === 0) throw new Error(`${listFile ?? path.join(dataDir, 'RGB')}: no SYNTHIA frames listed`);
  const reader = new SynthiaReader(dataDir);
  return {
    spec, name: split, listFile: listFile ?? path.join(dataDir, 'RGB'), ids,
    read: (i) => reader.read(ids[i]),
    groundTruthPath: (i) => path.relative(dataDir, synthiaPaths(dataDir, ids[i]).depth),
  };
}

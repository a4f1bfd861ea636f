import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { DepthMethod } from '../depth-method.js';
import { trainMethod } from '../train-method.js';
import { writeSyntheticSplits } from './synthetic-splits.js';

/**
 * Test helper: a real `<outDir>/model/` folder (weights, metadata) as training writes it, from a
 * few steps of `preset` on synthetic frames — for tests of what reads a trained model. Trains on
 * whatever engine is initialised.
 */
export async function trainTinyModel<Config>(
  method: DepthMethod<Config>, outDir: string, { preset = 'tiny', steps = 2, seed = 1 }: { preset?: string; steps?: number; seed?: number } = {},
): Promise<string> {
  const dataDir = await mkdtemp(path.join(tmpdir(), `dk-tiny-${method.id}-`));
  await writeSyntheticSplits(method, preset, dataDir, { seed, train: 4, test: 1 });
  const run = await trainMethod({ method, preset, dataDir, outDir, steps, seed, log: 'none', validate: false });
  return run.modelDir;
}

import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { initEngine } from '../../engine/engine.js';
import type { DepthMethod } from '../depth-method.js';
import { trainMethod } from '../train-method.js';
import { writeSyntheticSplits } from './synthetic-splits.js';

export interface EngineParityOptions {
  preset?: string;
  steps?: number;
  seed?: number;
}

/**
 * Test helper behind every method's onednn test: the same few training steps (same seed, same
 * synthetic batches) on wasm and on onednn, returning both loss curves.
 */
export async function trainOnWasmAndOnednn<Config>(
  method: DepthMethod<Config>, options: EngineParityOptions = {},
): Promise<{ wasm: number[]; onednn: number[] }> {
  const losses = await trainOnEngines(method, ['wasm', 'onednn'], options);
  return { wasm: losses.wasm!, onednn: losses.onednn! };
}

/** The same few training steps on each engine, from the same seed and synthetic batches. */
export async function trainOnEngines<Config>(
  method: DepthMethod<Config>, engines: Array<'wasm' | 'onednn' | 'cpu'>, options: EngineParityOptions = {},
): Promise<Partial<Record<'wasm' | 'onednn' | 'cpu', number[]>>> {
  const { preset = 'tiny', steps = 5, seed = 3 } = options;
  const root = await mkdtemp(path.join(tmpdir(), `dk-parity-${method.id}-`));
  const data = path.join(root, 'data');
  // A few frames suffice for a few steps; both runs read the same ones.
  await writeSyntheticSplits(method, preset, data, { seed });
  const losses: Partial<Record<'wasm' | 'onednn' | 'cpu', number[]>> = {};
  for (const engine of engines) {
    await initEngine({ engine, log: false });
    const run = await trainMethod({ method, preset, dataDir: data, outDir: path.join(root, engine), steps, seed, log: 'none', validate: false });
    losses[engine] = run.losses;
  }
  return losses;
}

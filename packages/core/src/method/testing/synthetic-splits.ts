import { generateSynthDataset, type SynthLayout } from '../../synth/index.js';
import type { DepthMethod } from '../depth-method.js';
import { presetOf } from '../train-method.js';

export interface SyntheticSplitsOptions {
  seed?: number;
  train?: number;
  test?: number;
}

/**
 * Test helper: a few synthetic frames in the layout and at the size a preset trains on (train
 * and test splits), enough for a few training steps; the same seed gives the same frames.
 */
export async function writeSyntheticSplits<Config>(
  method: DepthMethod<Config>, preset: string, dataDir: string, { seed = 3, train = 12, test = 2 }: SyntheticSplitsOptions = {},
): Promise<void> {
  const spec = presetOf(method, preset);
  const layout = spec.dataset.name as SynthLayout;
  const size = spec.training.synthetic?.size;
  await generateSynthDataset({ layout, out: dataDir, count: train, seed: seed * 2 + 1, split: 'train', size });
  await generateSynthDataset({ layout, out: dataDir, count: test, seed: seed * 2 + 2, split: 'test', size });
}

import * as tf from '@tensorflow/tfjs-core';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { depthMethodContractVersion, type DepthMethod, type MethodModel } from '../depth-method.js';
import { loadMethodModel, saveMethodModel, type LoadedMethodModel } from '../model-files.js';
import { presetOf } from '../train-method.js';

export interface SaveAndReloadOptions<Config> {
  /** Default: the preset's config. */
  config?: Config;
  /** Std of the noise added to every weight, so that loading the initial ones would show (0.01). */
  jitter?: number;
  /** Changes the network before it is saved (e.g. non-weight state). */
  prepare?: (built: MethodModel) => void;
}

export interface SavedAndReloaded<Config> {
  config: Config;
  built: MethodModel;
  loaded: LoadedMethodModel<Config>;
  dir: string;
}

/**
 * Test helper behind every method's save → load test: builds the preset's network, moves its
 * weights off their initial values, writes `<tmp>/model` as `<method> train` does (with the
 * method's extra state) and loads it back through the method.
 */
export async function saveAndReload<Config>(
  method: DepthMethod<Config>, presetName: string, options: SaveAndReloadOptions<Config> = {},
): Promise<SavedAndReloaded<Config>> {
  const preset = presetOf(method, presetName);
  const config = options.config ?? preset.config;
  const built = method.createModel(config);
  const jitter = options.jitter ?? 0.01;
  built.model.setWeights(built.model.getWeights().map((w, i) => tf.tidy(() => tf.add(w, tf.randomNormal(w.shape, 0, jitter, 'float32', i)))));
  options.prepare?.(built);
  const dir = path.join(await mkdtemp(path.join(tmpdir(), `dk-${method.id}-`)), 'model');
  await saveMethodModel(dir, built, {
    contractVersion: depthMethodContractVersion, method: method.id, preset: preset.name, dataset: preset.dataset.name,
    config, stride: built.stride, ...(built.extraState ? { extraState: built.extraState() } : {}),
  });
  return { config, built, loaded: await loadMethodModel(method, dir), dir };
}

import type * as tfl from '@tensorflow/tfjs-layers';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { readLayersModelWeights, saveLayersModel } from '../io/layers-model-files.js';
import { registerCoreLayers } from '../layers/register.js';
import { checkConfig } from './check-config.js';
import type { DepthMethod, MethodModel } from './depth-method.js';

/** What `<out>/model/model.json` records besides the network, so eval and predict need no flags. */
export interface MethodModelMetadata {
  contractVersion: number;
  method: string;
  preset: string;
  dataset: string;
  config: unknown;
  stride: number;
  extraState?: Record<string, number>;
  /** The data folder it was trained on, relative to the model folder (eval and predict default to it). */
  dataDir?: string;
}

export async function saveMethodModel(dir: string, built: MethodModel, metadata: MethodModelMetadata): Promise<void> {
  await saveLayersModel(built.model, dir, { convertedBy: `depthkit ${metadata.method} train`, metadata: { depthkit: metadata } });
}

export interface LoadedMethodModel<Config> {
  built: MethodModel;
  config: Config;
  metadata: MethodModelMetadata;
}

/**
 * Loads a trained model for `method`: the network is rebuilt from the recorded config (so a
 * method's own layers need no registration) and given the saved weights.
 */
export async function loadMethodModel<Config>(method: DepthMethod<Config>, dir: string): Promise<LoadedMethodModel<Config>> {
  registerCoreLayers();
  const { weights, metadata } = await readLayersModelWeights(dir);
  const info = (metadata as { depthkit?: MethodModelMetadata }).depthkit;
  if (!info) throw new Error(`${path.join(dir, 'model.json')}: no depthkit metadata; expected a model written by '${method.id} train'`);
  if (info.method !== method.id) {
    throw new Error(`${path.join(dir, 'model.json')}: a '${info.method}' model, but this is the '${method.id}' CLI`);
  }
  const config = checkConfig(method.defaultConfig, info.config, `${path.join(dir, 'model.json')}: userDefinedMetadata.depthkit.config`);
  const built = method.createModel(config);
  setSavedWeights(built.model, weights, dir);
  tf.dispose(weights);
  if (info.extraState && built.restoreExtraState) built.restoreExtraState(info.extraState);
  return { built, config, metadata: info };
}

function setSavedWeights(to: tfl.LayersModel, source: tf.Tensor[], dir: string): void {
  const target = to.getWeights();
  if (source.length !== target.length || source.some((w, i) => w.shape.join() !== target[i].shape.join())) {
    throw new Error(`${dir}: saved weights (${source.length} tensors) do not fit the network the recorded config builds (${target.length})`);
  }
  to.setWeights(source);
}

/** The data folder a command uses: the one given, else the one the model was trained on. */
export function dataDirOf(given: string | undefined, metadata: MethodModelMetadata, modelDir: string): string {
  if (given) return given;
  if (metadata.dataDir == null) throw new Error(`${modelDir}: the model records no data folder; pass --data`);
  // Older models recorded an absolute path; resolve() keeps it as it is.
  return path.resolve(modelDir, metadata.dataDir);
}

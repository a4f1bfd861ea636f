// Browser-safe: Node's loadMethodModel and a page's loadDepthModel rebuild a saved network the same way.
import type * as tfl from '@tensorflow/tfjs-layers';
import type * as tf from '@tensorflow/tfjs-core';
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

export interface LoadedMethodModel<Config> {
  built: MethodModel;
  config: Config;
  metadata: MethodModelMetadata;
}

/**
 * A saved model's network for `method`: rebuilt from the recorded config (checked first, so a
 * method's own layers need no registration and a bad value fails here, not deep in tfjs), given
 * the saved weights (in `getWeights()` order; the caller keeps and disposes them) and the
 * method's extra state. `where` names the model.json in errors; `folder` names the model.
 */
export function buildSavedModel<Config>(
  method: DepthMethod<Config>, info: MethodModelMetadata, weights: tf.Tensor[], where: string, folder: string,
): LoadedMethodModel<Config> {
  registerCoreLayers();
  const config = checkConfig(method.defaultConfig, info.config, `${where}: userDefinedMetadata.depthkit.config`);
  const built = method.createModel(config);
  try {
    setSavedWeights(built.model, weights, folder);
  } catch (error) {
    built.model.dispose();
    throw error;
  }
  if (info.extraState && built.restoreExtraState) built.restoreExtraState(info.extraState);
  return { built, config, metadata: info };
}

function setSavedWeights(to: tfl.LayersModel, source: tf.Tensor[], folder: string): void {
  const target = to.getWeights();
  if (source.length !== target.length || source.some((w, i) => w.shape.join() !== target[i].shape.join())) {
    const first = source.findIndex((w, i) => i < target.length && w.shape.join() !== target[i].shape.join());
    const detail = source.length !== target.length ? '' : `; the first that differs, #${first} '${to.weights[first]?.originalName ?? to.weights[first]?.name}', is [${source[first].shape}] saved, [${target[first].shape}] built`;
    throw new Error(`${folder}: saved weights (${source.length} tensors) do not fit the network the recorded config builds (${target.length})${detail}`);
  }
  to.setWeights(source);
}

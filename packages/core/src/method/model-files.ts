import path from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { readLayersModelWeights, saveLayersModel } from '../io/layers-model-files.js';
import { buildSavedModel, type LoadedMethodModel, type MethodModelMetadata } from './build-saved-model.js';
import type { DepthMethod, MethodModel } from './depth-method.js';

export type { LoadedMethodModel, MethodModelMetadata } from './build-saved-model.js';

export async function saveMethodModel(dir: string, built: MethodModel, metadata: MethodModelMetadata): Promise<void> {
  await saveLayersModel(built.model, dir, { convertedBy: `depthkit ${metadata.method} train`, metadata: { depthkit: metadata } });
}

/**
 * Loads a trained model for `method`: the network is rebuilt from the recorded config (so a
 * method's own layers need no registration) and given the saved weights.
 */
export async function loadMethodModel<Config>(method: DepthMethod<Config>, dir: string): Promise<LoadedMethodModel<Config>> {
  const { weights, metadata } = await readLayersModelWeights(dir);
  const info = (metadata as { depthkit?: MethodModelMetadata }).depthkit;
  if (!info) throw new Error(`${path.join(dir, 'model.json')}: no depthkit metadata; expected a model written by '${method.id} train'`);
  if (info.method !== method.id) {
    throw new Error(`${path.join(dir, 'model.json')}: a '${info.method}' model, but this is the '${method.id}' CLI`);
  }
  try {
    return buildSavedModel(method, info, weights, path.join(dir, 'model.json'), dir);
  } finally {
    tf.dispose(weights);
  }
}

/** The data folder a command uses: the one given, else the one the model was trained on. */
export function dataDirOf(given: string | undefined, metadata: MethodModelMetadata, modelDir: string): string {
  if (given) return given;
  if (metadata.dataDir == null) throw new Error(`${modelDir}: the model records no data folder; pass --data`);
  // Older models recorded an absolute path; resolve() keeps it as it is.
  return path.resolve(modelDir, metadata.dataDir);
}

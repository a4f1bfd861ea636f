import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { writeFileAtomic } from '../fs/write-file-atomic.js';
import { readWeightGroups } from './weight-files.js';

export const modelJsonFile = 'model.json';
export const modelWeightsFile = 'weights.bin';

/**
 * Writes a layers model as tfjs's `model.json` + `weights.bin` (what `file://` saving writes with
 * tfjs-node, which depthkit does not require), so `tf.loadLayersModel` reads it anywhere.
 * Weights first, each file atomically: a `model.json` never names weights not fully written.
 */
export async function saveLayersModel(
  model: tfl.LayersModel, dir: string, { convertedBy, metadata }: { convertedBy: string; metadata?: object },
): Promise<void> {
  let artifacts: tf.io.ModelArtifacts | undefined;
  await model.save(tf.io.withSaveHandler(async (a) => {
    artifacts = a;
    return { modelArtifactsInfo: tf.io.getModelArtifactsInfoForJSON(a) };
  }));
  const { modelTopology, weightSpecs, weightData } = artifacts!;
  await writeFileAtomic(path.join(dir, modelWeightsFile), new Uint8Array(new tf.io.CompositeArrayBuffer(weightData).slice()));
  const modelJson = {
    format: 'layers-model',
    generatedBy: `TensorFlow.js tfjs-layers v${tfl.version_layers}`,
    convertedBy,
    modelTopology,
    weightsManifest: [{ paths: [`./${modelWeightsFile}`], weights: weightSpecs }],
    ...(metadata ? { userDefinedMetadata: metadata } : {}),
  };
  await writeFileAtomic(path.join(dir, modelJsonFile), `${JSON.stringify(modelJson)}\n`);
}

export interface ModelJson {
  format?: string;
  generatedBy?: string;
  convertedBy?: string;
  modelTopology: object;
  weightsManifest: Array<{ paths: string[]; weights: tf.io.WeightsManifestEntry[] }>;
  userDefinedMetadata?: Record<string, unknown>;
}

/**
 * The weights of a saved layers model, in the order the model lists them (`getWeights()`
 * order), without deserialising its topology — so no custom layer needs registering — plus
 * its metadata. The caller disposes the tensors.
 */
export async function readLayersModelWeights(dir: string): Promise<{ weights: tf.Tensor[]; metadata: Record<string, unknown> }> {
  const { json, specs, weightData } = await readModelArtifacts(dir);
  const named = tf.io.decodeWeights(weightData, specs);
  return { weights: specs.map((s) => named[s.name]), metadata: json.userDefinedMetadata ?? {} };
}

/** Reads a model written by `saveLayersModel` (or tfjs-node's `file://` saver); custom layers must be registered. */
export async function loadLayersModelFromDir(dir: string): Promise<{ model: tfl.LayersModel; metadata: Record<string, unknown> }> {
  const { json, specs, weightData } = await readModelArtifacts(dir);
  const model = await tfl.loadLayersModel(tf.io.fromMemory({ modelTopology: json.modelTopology, weightSpecs: specs, weightData }));
  return { model, metadata: json.userDefinedMetadata ?? {} };
}

/** model.json and its weight bytes, every weight file read through the confined reader. */
export async function readModelArtifacts(dir: string): Promise<{ json: ModelJson; specs: tf.io.WeightsManifestEntry[]; weightData: ArrayBuffer }> {
  const jsonPath = path.join(dir, modelJsonFile);
  let json: ModelJson;
  try {
    json = JSON.parse(await readFile(jsonPath, 'utf8'));
  } catch (error) {
    throw new Error(`${jsonPath}: expected a tfjs layers model.json (${error instanceof Error ? error.message : String(error)})`);
  }
  if (json == null || typeof json !== 'object' || !Array.isArray(json.weightsManifest)) {
    throw new Error(`${jsonPath}: expected a tfjs layers model.json with a weightsManifest list, found ${json == null ? 'null' : `keys ${Object.keys(json).join(', ')}`}`);
  }
  const specs = json.weightsManifest.flatMap((g) => g.weights);
  const weightData = await readWeightGroups(dir, json.weightsManifest, jsonPath);
  return { json, specs, weightData };
}

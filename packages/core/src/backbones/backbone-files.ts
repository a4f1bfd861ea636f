import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { writeFileAtomic } from '../fs/write-file-atomic.js';
import { readWeightGroups, type WeightsGroup } from '../io/weight-files.js';
import { registerCoreLayers } from '../layers/register.js';
import { parseBackboneArch, parseOutputStride, type Backbone, type BackboneArch, type BackboneTap, type OutputStride } from './backbone-types.js';
import { registerBackboneLayers } from './register-backbone-layers.js';

export const backboneModelFile = 'model.json';
export const backboneWeightsFile = 'weights.bin';

/**
 * Writes a backbone as tfjs's `model.json` + `weights.bin` (what `file://` saving writes with
 * tfjs-node, which depthkit does not require). Weights first, each file atomically, so a
 * `model.json` never names weights that are not fully written.
 */
export async function saveBackbone(backbone: Backbone, dir: string): Promise<void> {
  let artifacts: tf.io.ModelArtifacts | undefined;
  await backbone.model.save(tf.io.withSaveHandler(async (a) => {
    artifacts = a;
    return { modelArtifactsInfo: tf.io.getModelArtifactsInfoForJSON(a) };
  }));
  const { modelTopology, weightSpecs, weightData, userDefinedMetadata } = artifacts!;
  const bytes = new Uint8Array(new tf.io.CompositeArrayBuffer(weightData).slice());
  await writeFileAtomic(path.join(dir, backboneWeightsFile), bytes);
  const modelJson = {
    format: 'layers-model',
    generatedBy: `TensorFlow.js tfjs-layers v${tfl.version_layers}`,
    convertedBy: 'depthkit import-weights',
    modelTopology,
    weightsManifest: [{ paths: [`./${backboneWeightsFile}`], weights: weightSpecs }],
    userDefinedMetadata: userDefinedMetadata ?? { depthkitBackbone: { arch: backbone.arch, outputStride: backbone.outputStride, taps: backbone.taps } },
  };
  await writeFileAtomic(path.join(dir, backboneModelFile), `${JSON.stringify(modelJson)}\n`);
}

interface BackboneMetadata {
  arch: string;
  outputStride: number;
  taps: BackboneTap[];
}

/** A backbone folder's `model.json`, its metadata checked, and its weight files' bytes. */
export interface BackboneFolder {
  jsonPath: string;
  modelTopology?: object;
  userDefinedMetadata: { depthkitBackbone: BackboneMetadata };
  arch: BackboneArch;
  outputStride: OutputStride;
  taps: BackboneTap[];
  weightSpecs: tf.io.WeightsManifestEntry[];
  weightPaths: string[];
  weightGroups: WeightsGroup[];
}

/**
 * Reads and checks the `model.json` of what `saveBackbone` / `depthkit import-weights` wrote, for
 * `loadBackbone` (which builds the model) and `loadBackboneWeights` (which copies the weights into
 * another network, and checks them against it before reading any weight bytes).
 */
export async function readBackboneFolder(dir: string, { needsTopology }: { needsTopology: boolean }): Promise<BackboneFolder> {
  const jsonPath = path.join(dir, backboneModelFile);
  if (!existsSync(jsonPath)) {
    throw new Error(`${dir}: expected a backbone folder written by 'depthkit import-weights' (with ${backboneModelFile}), found no ${backboneModelFile}`);
  }
  const json = JSON.parse(await readFile(jsonPath, 'utf8')) as {
    modelTopology?: object;
    weightsManifest?: { paths: string[]; weights: tf.io.WeightsManifestEntry[] }[];
    userDefinedMetadata?: { depthkitBackbone?: BackboneMetadata };
  };
  const meta = json.userDefinedMetadata?.depthkitBackbone;
  if ((needsTopology && json.modelTopology == null) || json.weightsManifest == null || meta == null) {
    const wanted = `${needsTopology ? 'modelTopology, ' : ''}weightsManifest, userDefinedMetadata.depthkitBackbone`;
    throw new Error(`${jsonPath}: expected a depthkit backbone (${wanted}), found keys ${Object.keys(json).join(', ')}`);
  }
  return {
    jsonPath,
    modelTopology: json.modelTopology,
    userDefinedMetadata: { depthkitBackbone: meta },
    arch: parseBackboneArch(meta.arch, `${jsonPath}: userDefinedMetadata.depthkitBackbone.arch`),
    outputStride: parseOutputStride(meta.outputStride, `${jsonPath}: userDefinedMetadata.depthkitBackbone.outputStride`),
    taps: meta.taps,
    weightSpecs: json.weightsManifest.flatMap((group) => group.weights),
    weightPaths: json.weightsManifest.flatMap((group) => group.paths),
    weightGroups: json.weightsManifest,
  };
}

/** The bytes of a backbone folder's weight files, in manifest order: confined, size-checked and finite (io/weight-files). */
export async function readBackboneWeightFiles(dir: string, folder: BackboneFolder): Promise<ArrayBuffer> {
  return readWeightGroups(dir, folder.weightGroups, folder.jsonPath);
}

/** Reads a backbone written by `saveBackbone` / `depthkit import-weights`. */
export async function loadBackbone(dir: string): Promise<Backbone> {
  registerCoreLayers();
  registerBackboneLayers();
  const folder = await readBackboneFolder(dir, { needsTopology: true });
  const model = await tfl.loadLayersModel(tf.io.fromMemory({
    modelTopology: folder.modelTopology,
    weightSpecs: folder.weightSpecs,
    weightData: await readBackboneWeightFiles(dir, folder),
    userDefinedMetadata: folder.userDefinedMetadata,
  }));
  return { arch: folder.arch, outputStride: folder.outputStride, model, taps: folder.taps };
}

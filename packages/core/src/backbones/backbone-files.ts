import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { writeFileAtomic } from '../fs/write-file-atomic.js';
import { registerCoreLayers } from '../layers/register.js';
import { parseBackboneArch, parseOutputStride, type Backbone, type BackboneTap } from './backbone-types.js';
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

/** Reads a backbone written by `saveBackbone` / `depthkit import-weights`. */
export async function loadBackbone(dir: string): Promise<Backbone> {
  registerCoreLayers();
  registerBackboneLayers();
  const jsonPath = path.join(dir, backboneModelFile);
  const json = JSON.parse(await readFile(jsonPath, 'utf8')) as {
    modelTopology?: object;
    weightsManifest?: { paths: string[]; weights: tf.io.WeightsManifestEntry[] }[];
    userDefinedMetadata?: { depthkitBackbone?: BackboneMetadata };
  };
  const meta = json.userDefinedMetadata?.depthkitBackbone;
  if (json.modelTopology == null || json.weightsManifest == null || meta == null) {
    throw new Error(`${jsonPath}: expected a depthkit backbone (modelTopology, weightsManifest, userDefinedMetadata.depthkitBackbone), found keys ${Object.keys(json).join(', ')}`);
  }
  const weightSpecs = json.weightsManifest.flatMap((group) => group.weights);
  const buffers = await Promise.all(json.weightsManifest.flatMap((group) => group.paths).map(async (p) => {
    const bytes = await readFile(path.join(dir, p));
    return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength);
  }));
  const model = await tfl.loadLayersModel(tf.io.fromMemory({
    modelTopology: json.modelTopology,
    weightSpecs,
    weightData: buffers,
    userDefinedMetadata: json.userDefinedMetadata,
  }));
  return {
    arch: parseBackboneArch(meta.arch, `${jsonPath}: userDefinedMetadata.depthkitBackbone.arch`),
    outputStride: parseOutputStride(meta.outputStride, `${jsonPath}: userDefinedMetadata.depthkitBackbone.outputStride`),
    model,
    taps: meta.taps,
  };
}

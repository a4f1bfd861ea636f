import * as tf from '@tensorflow/tfjs-core';
import {
  assertFiniteWeights,
  buildSavedModel,
  depthMethodContractVersion,
  weightEntryBytes,
  type MethodModelMetadata,
  type MethodPreset,
} from '@depthkit/core/web';
import { initWebBackend, type BackendOptions } from './backend.js';
import { depthMethodOf } from './depth-methods.js';
import { DepthEstimator } from './depth-estimator.js';
import { resolveModelSource, describeValue, type LoadProgress, type ModelSource, type ResolvedSource } from './model-source.js';

export interface LoadDepthModelOptions extends BackendOptions {
  /** Fraction (0–1) of the model's files read. */
  onProgress?: LoadProgress;
}

/** What a model folder's model.json records under `userDefinedMetadata.depthkit` (an exported folder adds testSize and export). */
export interface DepthModelMetadata extends MethodModelMetadata {
  testSize?: [number, number] | null;
  export?: Record<string, unknown>;
}

/**
 * Loads a trained depthkit model in a page: `<out>/model/` as training writes it or a folder from
 * `export --web`, over HTTP (the URL of model.json or of its folder), from the folder's dropped
 * File objects, or through any tfjs IOHandler (`'indexeddb://name'` too). The method is the one
 * the metadata names, from `depthMethods`; its network is rebuilt from the recorded config,
 * checked first, and given the saved weights after the same checks as Node's loadMethodModel.
 */
export async function loadDepthModel(source: ModelSource, options: LoadDepthModelOptions = {}): Promise<DepthEstimator> {
  const resolved = resolveModelSource(source, options.onProgress);
  const report = await initWebBackend(options);
  const artifacts = await readArtifacts(resolved);
  const { where } = resolved;
  const info = depthkitMetadata(artifacts, where);
  const method = depthMethodOf(info.method, where);
  const preset = presetOf(method.presets, info, method.id, where);
  const testSize = preset.training.testSize ?? null;
  if (info.testSize !== undefined && JSON.stringify(info.testSize) !== JSON.stringify(testSize)) {
    throw new Error(`${where}: records test size ${JSON.stringify(info.testSize)}, but ${method.id}'s preset '${preset.name}' predicts at ${JSON.stringify(testSize)}; expected the two to agree (re-export the model with this version)`);
  }
  const weights = decodeCheckedWeights(artifacts, resolved);
  let loaded;
  try {
    loaded = buildSavedModel(method, info, weights, where, where.replace(/\/?[^/]*$/, '') || where);
  } finally {
    tf.dispose(weights);
  }
  return new DepthEstimator({ method, preset: preset as MethodPreset<unknown>, loaded, testSize, backend: report.backend, metadata: info });
}

async function readArtifacts({ handler, where }: ResolvedSource): Promise<tf.io.ModelArtifacts> {
  if (typeof handler.load !== 'function') throw new Error(`${where}: expected an IOHandler that can load, found one without load()`);
  let artifacts: tf.io.ModelArtifacts;
  try {
    artifacts = await handler.load();
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    throw new Error(message.includes(where) ? message : `${where}: ${message}`);
  }
  if (artifacts?.modelTopology == null) throw new Error(`${where}: expected a tfjs layers model (model.json with modelTopology), found ${describeValue(artifacts)}`);
  return artifacts;
}

function depthkitMetadata(artifacts: tf.io.ModelArtifacts, where: string): DepthModelMetadata {
  const info = (artifacts.userDefinedMetadata as { depthkit?: DepthModelMetadata } | undefined)?.depthkit;
  if (info == null || typeof info !== 'object') {
    const keys = Object.keys(artifacts.userDefinedMetadata ?? {});
    throw new Error(`${where}: no depthkit metadata (userDefinedMetadata.depthkit); expected a model folder written by '<method> train' or '<method> export --web', found ${keys.length ? `userDefinedMetadata with ${keys.join(', ')}` : 'none'}`);
  }
  if (info.contractVersion !== depthMethodContractVersion) {
    throw new Error(`${where}: written for depthkit's method contract version ${JSON.stringify(info.contractVersion)}; expected ${depthMethodContractVersion}`);
  }
  return info;
}

function presetOf<Config>(presets: Record<string, MethodPreset<Config>>, info: DepthModelMetadata, id: string, where: string): MethodPreset<Config> {
  const preset = typeof info.preset === 'string' && Object.hasOwn(presets, info.preset) ? presets[info.preset] : undefined;
  if (!preset) throw new Error(`${where}: userDefinedMetadata.depthkit.preset is ${JSON.stringify(info.preset)}; expected one of ${id}'s presets: ${Object.keys(presets).join(', ')}`);
  return preset;
}

/**
 * The saved weights in manifest order: exactly the bytes the manifest's shapes and dtypes imply
 * (a short or truncated file is named, not decoded into garbage), every float finite.
 */
function decodeCheckedWeights(artifacts: tf.io.ModelArtifacts, { where, weightFiles }: ResolvedSource): tf.Tensor[] {
  const specs = artifacts.weightSpecs ?? [];
  const data = artifacts.weightData == null ? new ArrayBuffer(0) : tf.io.CompositeArrayBuffer.join(artifacts.weightData);
  const expected = specs.reduce((n, s) => n + weightEntryBytes(s), 0);
  if (data.byteLength !== expected) {
    const files = weightFiles.length > 0 ? ` in ${weightFiles.map((f) => `${f.name} (${f.bytes} bytes)`).join(', ')}` : '';
    throw new Error(`${where}: expected ${expected} bytes of weights (what the ${specs.length} tensors' shapes and dtypes in its weightsManifest imply), found ${data.byteLength}${files}; the folder is damaged or its files do not belong to this model.json`);
  }
  assertFiniteWeights(data, specs, where);
  const named = tf.io.decodeWeights(data, specs);
  return specs.map((s) => named[s.name]);
}

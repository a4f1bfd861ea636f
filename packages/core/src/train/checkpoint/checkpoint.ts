import * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';
import { createHash } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { confinedWeightPath, readWeightGroups, type WeightsGroup } from '../../io/weight-files.js';
import type { BatchPosition } from '../../datasets/pipeline/batch.js';
import type { ExtraModel } from '../fit-config.js';
import type { Optimizer, OptimizerType } from '../optimizers/optimizer.js';
import { AtomicDirectory, type WriteHook } from './atomic-directory.js';

const format = 'depthkit-checkpoint';
const version = 1;

/** Everything besides tensors that a resumed run needs to continue exactly. */
export interface TrainState {
  /** Optimizer updates done. */
  step: number;
  /** Epoch of the last batch consumed. */
  epoch: number;
  /** Batches consumed, and where the data continues (a pipeline position) when known. */
  data: { batches: number; next?: BatchPosition };
  /** The training RNG's 32-bit state. */
  rng: number;
  best: BestMetric | null;
  /** Whatever the method's `extraState()` returned (JSON). */
  extra?: unknown;
}

export interface BestMetric {
  name: string;
  mode: 'min' | 'max';
  value: number;
  step: number;
}

/** What the run was made from (options, data): a resume with other values is refused. */
export type RunFingerprint = Record<string, string | number | boolean | null>;

interface StateFile {
  format: typeof format;
  version: number;
  savedAt: string;
  optimizer: { type: OptimizerType; iterations: number; slots: tf.io.WeightsManifestEntry[] };
  /** Byte sizes of the other files: a version is complete only when they all match. */
  files: Record<string, number>;
  /** SHA-256 of the other files: a version whose bytes changed after the write is damaged. */
  sha256?: Record<string, string>;
  train: TrainState;
  fingerprint?: RunFingerprint;
  /** Extra networks by name: `extra-<name>.weights.bin` and, with an optimizer, `extra-<name>.optimizer.bin`. */
  extras?: Record<string, ExtraEntry>;
  /** SHA-256 of this file's other fields: a hand-edited state.json is caught. */
  digest?: string;
}

/** A checkpoint version that could not be used, and why. */
export interface RejectedCheckpoint {
  dir: string;
  reason: string;
}

/** No sound version: `rejected` says what was found and why it cannot be used (empty: nothing at all). */
export interface NoCheckpoint {
  state: null;
  rejected: RejectedCheckpoint[];
}

export interface RestoredCheckpoint {
  /** The version loaded: `<dir>` normally, `previous` when `<dir>` was damaged. */
  dir: string;
  state: TrainState;
  fingerprint?: RunFingerprint;
  /** Newer versions passed over, with the reason (empty normally). */
  rejected: RejectedCheckpoint[];
}

interface OptimizerEntry {
  type: OptimizerType;
  iterations: number;
  slots: tf.io.WeightsManifestEntry[];
}

interface ExtraEntry {
  weights: tf.io.WeightsManifestEntry[];
  optimizer?: OptimizerEntry;
}

export interface CheckpointParts {
  model: tfl.LayersModel;
  optimizer: Optimizer;
  state: TrainState;
  /** Networks trained beside the model (a GAN's discriminator), with their optimizers. */
  extraModels?: Record<string, ExtraModel>;
  fingerprint?: RunFingerprint;
}

/**
 * A checkpoint directory: `model.json` + `weights.bin` (tfjs layers-model format, loadable with
 * tf.loadLayersModel), `optimizer.bin`, and `state.json` written last, holding every file's
 * size and SHA-256. Replaced atomically; with `previous`, the version replaced is kept there.
 */
export class Checkpoint {
  private readonly store: AtomicDirectory;

  constructor(readonly dir: string, hook?: WriteHook, readonly previous?: string) {
    this.store = new AtomicDirectory(dir, async (d) => (await readStateFile(d))?.train.step ?? null, hook, previous);
  }

  async save({ model, optimizer, state, extraModels, fingerprint }: CheckpointParts): Promise<void> {
    const weights = await tf.io.encodeWeights(model.weights.map((w) => ({ name: w.originalName, tensor: w.read() })));
    const slots = await tf.io.encodeWeights(optimizer.slots());
    const extras = await encodeExtras(extraModels ?? {});
    const modelJson = JSON.stringify({
      format: 'layers-model',
      generatedBy: 'depthkit fit()',
      convertedBy: null,
      modelTopology: topologyOf(model),
      weightsManifest: [{ paths: ['weights.bin'], weights: weights.specs }],
    });
    const files: Record<string, number> = {};
    const sha256: Record<string, string> = {};
    await this.store.replace(async (write) => {
      const put = async (name: string, data: string | Uint8Array) => {
        await write(name, data);
        files[name] = typeof data === 'string' ? Buffer.byteLength(data) : data.byteLength;
        sha256[name] = hashOf(data);
      };
      await put('model.json', modelJson);
      await put('weights.bin', new Uint8Array(weights.data));
      await put('optimizer.bin', new Uint8Array(slots.data));
      for (const extra of extras) {
        await put(extraFile(extra.name, 'weights'), new Uint8Array(extra.weights.data));
        if (extra.slots) await put(extraFile(extra.name, 'optimizer'), new Uint8Array(extra.slots.data));
      }
      const stateFile: StateFile = {
        format, version, savedAt: new Date().toISOString(),
        optimizer: { type: optimizer.type, iterations: optimizer.iterations, slots: slots.specs },
        files, sha256, train: state,
        ...(fingerprint ? { fingerprint } : {}),
        ...(extras.length > 0 ? { extras: Object.fromEntries(extras.map((e) => [e.name, e.entry])) } : {}),
      };
      stateFile.digest = digestOf(stateFile);
      await write('state.json', `${JSON.stringify(stateFile, null, 2)}\n`);
    });
  }

  /** The newest sound version's state, without loading its tensors (see restore); state null (with the reasons) when none is. */
  async read(): Promise<RestoredCheckpoint | NoCheckpoint> {
    const rejected: RejectedCheckpoint[] = [];
    for (const where of await this.candidates()) {
      const checked = await inspectVersion(where);
      if (typeof checked !== 'string') return { dir: where, state: checked.train, fingerprint: checked.fingerprint, rejected };
      if (checked !== absent) rejected.push({ dir: where, reason: checked });
    }
    return { state: null, rejected };
  }

  /**
   * Loads the newest sound version into `model`, `optimizer` (and extra models): `<dir>` (or a
   * complete version a crash left beside it), else `previous`. A version is sound when every
   * file has the size and SHA-256 state.json lists, state.json is unedited, its step equals the
   * optimizer's update count, and it loads into this model. Null (with the reasons) when none is.
   */
  async restore(model: tfl.LayersModel, optimizer: Optimizer, extraModels?: Record<string, ExtraModel>): Promise<RestoredCheckpoint | NoCheckpoint> {
    const rejected: RejectedCheckpoint[] = [];
    for (const where of await this.candidates()) {
      const checked = await inspectVersion(where);
      if (typeof checked === 'string') {
        if (checked !== absent) rejected.push({ dir: where, reason: checked });
        continue;
      }
      try {
        await loadVersion(where, checked, model, optimizer, extraModels);
      } catch (error) {
        rejected.push({ dir: where, reason: error instanceof Error ? error.message : String(error) });
        continue;
      }
      return { dir: where, state: checked.train, fingerprint: checked.fingerprint, rejected };
    }
    return { state: null, rejected };
  }

  /** Where a version may be, newest first: `<dir>` or a complete crash leftover, then `previous`. */
  private async candidates(): Promise<string[]> {
    const newest = await this.store.newest();
    const dirs = [newest?.dir, this.dir, this.previous].filter((d): d is string => d != null);
    return [...new Set(dirs)];
  }
}

async function loadVersion(where: string, file: StateFile, model: tfl.LayersModel, optimizer: Optimizer, extraModels?: Record<string, ExtraModel>): Promise<void> {
  const manifestPath = path.join(where, 'model.json');
  const manifest = JSON.parse(await readFile(manifestPath, 'utf8')) as { weightsManifest: WeightsGroup[] };
  const specs = manifest.weightsManifest.flatMap((g) => g.weights);
  const weights = tf.io.decodeWeights(await readWeightGroups(where, manifest.weightsManifest, manifestPath), specs);
  try {
    writeWeights(model, specs, weights, where);
  } finally {
    tf.dispose(Object.values(weights));
  }
  await restoreOptimizer(optimizer, file.optimizer, path.join(where, 'optimizer.bin'));
  for (const [name, extra] of Object.entries(extraModels ?? {})) {
    const entry = file.extras?.[name];
    if (!entry) throw new Error(`${where}: the checkpoint has no extra model '${name}' (it has: ${Object.keys(file.extras ?? {}).join(', ') || 'none'})`);
    const values = tf.io.decodeWeights(await readWeightGroups(where, [{ paths: [extraFile(name, 'weights')], weights: entry.weights }], path.join(where, 'state.json')), entry.weights);
    try {
      writeWeights(extra.model, entry.weights, values, `${where} (extra model '${name}')`);
    } finally {
      tf.dispose(Object.values(values));
    }
    if (extra.optimizer) {
      if (!entry.optimizer) throw new Error(`${where}: extra model '${name}' was saved without an optimizer, this run has one`);
      await restoreOptimizer(extra.optimizer, entry.optimizer, path.join(where, extraFile(name, 'optimizer')));
    }
  }
}

function extraFile(name: string, part: 'weights' | 'optimizer'): string {
  return `extra-${name}.${part}.bin`;
}

interface EncodedExtra {
  name: string;
  weights: { data: ArrayBuffer; specs: tf.io.WeightsManifestEntry[] };
  slots?: { data: ArrayBuffer; specs: tf.io.WeightsManifestEntry[] };
  entry: ExtraEntry;
}

async function encodeExtras(extraModels: Record<string, ExtraModel>): Promise<EncodedExtra[]> {
  const out: EncodedExtra[] = [];
  for (const [name, { model, optimizer }] of Object.entries(extraModels)) {
    if (!/^[\w.-]+$/.test(name)) throw new Error(`checkpoint: extra model name '${name}' must be a plain file-name part ([A-Za-z0-9_.-])`);
    const weights = await tf.io.encodeWeights(model.weights.map((w) => ({ name: w.originalName, tensor: w.read() })));
    const slots = optimizer ? await tf.io.encodeWeights(optimizer.slots()) : undefined;
    out.push({
      name, weights, slots,
      entry: {
        weights: weights.specs,
        ...(optimizer && slots ? { optimizer: { type: optimizer.type, iterations: optimizer.iterations, slots: slots.specs } } : {}),
      },
    });
  }
  return out;
}

/** Writes decoded weights into a model by position: layer names carry per-process counters, so a rebuilt model may name them differently. */
function writeWeights(model: tfl.LayersModel, specs: tf.io.WeightsManifestEntry[], weights: tf.NamedTensorMap, where: string): void {
  if (specs.length !== model.weights.length) {
    throw new Error(`${where}: the checkpoint has ${specs.length} weights, the model ${model.weights.length}; is it the same architecture?`);
  }
  model.weights.forEach((w, i) => {
    const value = weights[specs[i].name];
    if (!tf.util.arraysEqual(value.shape, w.shape as number[])) {
      throw new Error(`${where}: weight ${i} ('${specs[i].name}') has shape [${value.shape}], the model's '${w.originalName}' [${w.shape}]`);
    }
    w.write(value);
  });
}

async function restoreOptimizer(optimizer: Optimizer, entry: OptimizerEntry, file: string): Promise<void> {
  if (entry.type !== optimizer.type) {
    throw new Error(`${path.dirname(file)}: the checkpoint was trained with ${entry.type}, this run uses ${optimizer.type}`);
  }
  const groups = [{ paths: [path.basename(file)], weights: entry.slots }];
  const slots = tf.io.decodeWeights(await readWeightGroups(path.dirname(file), groups, path.join(path.dirname(file), 'state.json')), entry.slots);
  try {
    optimizer.restore(entry.iterations, slots);
  } finally {
    tf.dispose(Object.values(slots));
  }
}

function topologyOf(model: tfl.LayersModel): unknown {
  try {
    return model.toJSON(null, false);
  } catch {
    // A model with an unserialisable layer still checkpoints its weights; the caller rebuilds it.
    return null;
  }
}

/** The parsed state.json when the version is complete (every listed file has its size), else null. */
async function readStateFile(dir: string): Promise<StateFile | null> {
  const text = await readFile(path.join(dir, 'state.json'), 'utf8').catch(() => null);
  if (text == null) return null;
  let file: StateFile;
  try {
    file = JSON.parse(text) as StateFile;
  } catch {
    return null;
  }
  if (file.format !== format || file.version !== version) return null;
  for (const [name, size] of Object.entries(file.files)) {
    const actual = await stat(path.join(dir, name)).then((s) => s.size, () => -1);
    if (actual !== size) return null;
  }
  return file;
}

const absent = 'absent';

/** The version's parsed state.json when it is sound, else why not (`absent`: no state.json at all). */
async function inspectVersion(dir: string): Promise<StateFile | string> {
  const text = await readFile(path.join(dir, 'state.json'), 'utf8').catch(() => null);
  if (text == null) {
    const exists = await stat(dir).then(() => true, () => false);
    return exists ? 'state.json is missing (the write never finished)' : absent;
  }
  let file: StateFile;
  try {
    file = JSON.parse(text) as StateFile;
  } catch (error) {
    return `state.json is not valid JSON (${error instanceof Error ? error.message : String(error)})`;
  }
  if (file.format !== format || file.version !== version) return `state.json is not a ${format} version ${version} file`;
  if (file.digest != null && file.digest !== digestOf(file)) return 'state.json was changed after it was written (its digest does not match)';
  for (const [name, size] of Object.entries(file.files)) {
    // Names come from the file itself: read only inside the version's folder.
    const inside = await confinedWeightPath(dir, name, path.join(dir, 'state.json')).catch((error: Error) => error);
    if (inside instanceof Error) return inside.message.includes('found no such file') ? `${name} is missing` : inside.message;
    const bytes = await readFile(inside).catch(() => null);
    if (bytes == null) return `${name} is missing`;
    if (bytes.byteLength !== size) return `${name} has ${bytes.byteLength} bytes, state.json says ${size}`;
    const expected = file.sha256?.[name];
    if (expected != null && hashOf(bytes) !== expected) return `${name} is damaged (its SHA-256 differs from the one written)`;
  }
  if (file.train.step !== file.optimizer.iterations) {
    return `state.json says step ${file.train.step} but the optimizer state holds ${file.optimizer.iterations} updates`;
  }
  return file;
}

function hashOf(data: string | Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}

function digestOf(file: StateFile): string {
  const { digest: _ignored, ...rest } = file;
  return hashOf(JSON.stringify(rest));
}

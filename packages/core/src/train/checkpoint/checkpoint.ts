import * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { readWeightGroups, type WeightsGroup } from '../../io/weight-files.js';
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

interface StateFile {
  format: typeof format;
  version: number;
  savedAt: string;
  optimizer: { type: OptimizerType; iterations: number; slots: tf.io.WeightsManifestEntry[] };
  /** Byte sizes of the other files: a version is complete only when they all match. */
  files: Record<string, number>;
  train: TrainState;
  /** Extra networks by name: `extra-<name>.weights.bin` and, with an optimizer, `extra-<name>.optimizer.bin`. */
  extras?: Record<string, ExtraEntry>;
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
}

/**
 * A checkpoint directory: `model.json` + `weights.bin` (tfjs layers-model format, loadable with
 * tf.loadLayersModel), `optimizer.bin`, and `state.json` written last. Replaced atomically.
 */
export class Checkpoint {
  private readonly store: AtomicDirectory;

  constructor(readonly dir: string, hook?: WriteHook) {
    this.store = new AtomicDirectory(dir, async (d) => (await readStateFile(d))?.train.step ?? null, hook);
  }

  async save({ model, optimizer, state, extraModels }: CheckpointParts): Promise<void> {
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
    await this.store.replace(async (write) => {
      const put = async (name: string, data: string | Uint8Array) => {
        await write(name, data);
        files[name] = typeof data === 'string' ? Buffer.byteLength(data) : data.byteLength;
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
        files, train: state,
        ...(extras.length > 0 ? { extras: Object.fromEntries(extras.map((e) => [e.name, e.entry])) } : {}),
      };
      await write('state.json', `${JSON.stringify(stateFile, null, 2)}\n`);
    });
  }

  /** The newest complete version's state (falling back over a crash's leftovers), or null. */
  async read(): Promise<{ dir: string; state: TrainState } | null> {
    const newest = await this.store.newest();
    if (!newest) return null;
    const file = await readStateFile(newest.dir);
    return file ? { dir: newest.dir, state: file.train } : null;
  }

  /** Loads the newest complete version into `model`, `optimizer` (and extra models); returns its state, or null. */
  async restore(model: tfl.LayersModel, optimizer: Optimizer, extraModels?: Record<string, ExtraModel>): Promise<TrainState | null> {
    const newest = await this.store.newest();
    if (!newest) return null;
    const file = await readStateFile(newest.dir);
    if (!file) return null;
    const where = newest.dir;
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
    return file.train;
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

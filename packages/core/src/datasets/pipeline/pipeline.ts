import type { Augmentation, AugmentationRecipe } from './augment/augmentation.js';
import { chainRecipes } from './augment/recipe.js';
import { AugmentPool, defaultWorkerCount } from './augment-pool.js';
import { augmentSample } from './augment-sample.js';
import { assembleBatch, toTensors, type Batch, type BatchPosition, type HostBatch, type PreparedSample } from './batch.js';
import { imagenetNormalisation, normalisationTables, type Normalisation } from './normalise.js';
import { epochOrder } from './shuffle.js';
import type { SampleSource } from './source.js';

export interface PipelineOptions {
  source: SampleSource;
  batchSize: number;
  /** Seeds the shuffle and every augmentation draw (default 0). */
  seed?: number;
  /** Visit samples in a seeded per-epoch permutation (default true) or in source order. */
  shuffle?: boolean;
  /** Applied in order to each sample, each step with its own generator. */
  augment?: readonly Augmentation[];
  /** Final [height, width]; samples that differ after augmenting are resized (bilinear RGB, nearest maps). */
  size?: readonly [number, number];
  /** Default ImageNet mean/std (BTS). */
  normalise?: Normalisation;
  /** Depths counted valid in the mask: min < d < max (default any d > 0). */
  validDepth?: { min: number; max: number };
  /** Batches prepared ahead while the consumer works on the current one (default 2). */
  prefetch?: number;
  /** Drop an epoch's last, smaller batch (default false). */
  dropRemainder?: boolean;
  /** Default 1; Infinity runs until the consumer stops. */
  epochs?: number;
  /**
   * Worker threads that augment and resize samples while the consumer's thread trains; 0 does it
   * in this thread. Batches are byte-identical either way. Default min(2, cores) when there is
   * something to augment or resize and every augmentation has a recipe (all of depthkit's do), else 0.
   */
  workers?: number;
}

export interface Pipeline extends AsyncIterable<Batch> {
  readonly batchesPerEpoch: number;
  /** Worker threads augmenting for each run of batches (0: in the consumer's thread). */
  readonly workers: number;
  /** Batches from the start, or from a position (the one after a checkpointed batch's meta). */
  batches(from?: BatchPosition): AsyncGenerator<Batch>;
  /** Same as batches(from): the skipped batches are neither read nor augmented. */
  resume(from: BatchPosition): AsyncGenerator<Batch>;
  /** The position right after a batch (store it with a checkpoint, pass it to resume). */
  after(position: BatchPosition): BatchPosition;
}

interface Resolved {
  source: SampleSource;
  batchSize: number;
  seed: number;
  shuffle: boolean;
  augment: readonly Augmentation[];
  size?: readonly [number, number];
  tables: Float32Array[];
  validDepth: { min: number; max: number };
  prefetch: number;
  dropRemainder: boolean;
  epochs: number;
  workers: number;
  recipes: AugmentationRecipe[];
}

/**
 * Shuffles, reads, augments and batches a source. Reading (sharp decodes on libuv's threads) and
 * the typed-array augmentations run ahead of the consumer, `prefetch` batches deep; tensors are
 * created only when a batch is handed over. Every random draw depends on (seed, epoch, sample
 * index, augmentation position) alone, so two runs with one seed give identical batches and a
 * resumed run continues exactly. The augmentations run on `workers` worker threads (a train step
 * holds the consumer's thread on every engine, so augmenting there would take turns with it
 * rather than overlap), or in this thread with `workers: 0`; `pnpm bench:data` prints both.
 */
export function createPipeline(options: PipelineOptions): Pipeline {
  const o = resolve(options);
  const batchesPerEpoch = o.dropRemainder ? Math.floor(o.source.length / o.batchSize) : Math.ceil(o.source.length / o.batchSize);
  if (batchesPerEpoch === 0) {
    throw new Error(`pipeline: ${o.source.length} samples make no batch of ${o.batchSize} with dropRemainder`);
  }
  const batches = (from: BatchPosition = { epoch: 0, step: 0 }) => run(o, batchesPerEpoch, from);
  const after = ({ epoch, step }: BatchPosition) => (step + 1 < batchesPerEpoch ? { epoch, step: step + 1 } : { epoch: epoch + 1, step: 0 });
  return { batchesPerEpoch, workers: o.workers, batches, resume: batches, after, [Symbol.asyncIterator]: () => batches() };
}

function resolve(options: PipelineOptions): Resolved {
  const { source, batchSize } = options;
  if (!(Number.isInteger(batchSize) && batchSize > 0)) throw new Error(`pipeline: batchSize must be a positive integer, got ${batchSize}`);
  if (source.length === 0) throw new Error('pipeline: the source is empty');
  const prefetch = options.prefetch ?? 2;
  if (!(Number.isInteger(prefetch) && prefetch >= 0)) throw new Error(`pipeline: prefetch must be an integer ≥ 0, got ${prefetch}`);
  const epochs = options.epochs ?? 1;
  if (!(epochs > 0 && (Number.isInteger(epochs) || epochs === Infinity))) throw new Error(`pipeline: epochs must be a positive integer or Infinity, got ${epochs}`);
  const { workers, recipes } = resolveWorkers(options.workers, options.augment ?? [], options.size !== undefined);
  return {
    source,
    batchSize,
    seed: options.seed ?? 0,
    shuffle: options.shuffle ?? true,
    augment: options.augment ?? [],
    size: options.size,
    tables: normalisationTables(options.normalise ?? imagenetNormalisation),
    validDepth: options.validDepth ?? { min: 0, max: Infinity },
    prefetch,
    dropRemainder: options.dropRemainder ?? false,
    epochs,
    workers,
    recipes,
  };
}

function resolveWorkers(requested: number | undefined, augment: readonly Augmentation[], resizes: boolean): { workers: number; recipes: AugmentationRecipe[] } {
  if (requested !== undefined && !(Number.isInteger(requested) && requested >= 0)) {
    throw new Error(`pipeline: workers must be an integer ≥ 0, got ${requested}`);
  }
  const chain = chainRecipes(augment);
  if ('missing' in chain) {
    if (requested) {
      throw new Error(`pipeline: workers: ${requested} needs every augmentation to carry a recipe (see augment/recipe.ts); ${chain.missing.map((n) => `'${n}'`).join(', ')} has none — pass workers: 0`);
    }
    return { workers: 0, recipes: [] };
  }
  // Nothing to augment or resize leaves a worker nothing to take off this thread.
  const busy = augment.length > 0 || resizes;
  return { workers: requested ?? (busy ? defaultWorkerCount() : 0), recipes: chain.recipes };
}

interface Job extends BatchPosition {
  indices: number[];
}

/** Batch jobs in run order; each epoch's permutation is rebuilt from (seed, epoch) alone. */
function* plan(o: Resolved, batchesPerEpoch: number, from: BatchPosition): Generator<Job> {
  if (!(Number.isInteger(from.epoch) && from.epoch >= 0 && Number.isInteger(from.step) && from.step >= 0 && from.step < batchesPerEpoch)) {
    throw new Error(`pipeline: cannot resume at epoch ${from.epoch} step ${from.step} (an epoch has ${batchesPerEpoch} batches)`);
  }
  for (let epoch = from.epoch; epoch < o.epochs; epoch++) {
    const order = epochOrder(o.source.length, o.seed, epoch, o.shuffle);
    for (let step = epoch === from.epoch ? from.step : 0; step < batchesPerEpoch; step++) {
      const indices = Array.from(order.subarray(step * o.batchSize, (step + 1) * o.batchSize));
      yield { epoch, step, indices };
    }
  }
}

async function* run(o: Resolved, batchesPerEpoch: number, from: BatchPosition): AsyncGenerator<Batch> {
  const jobs = plan(o, batchesPerEpoch, from);
  // Started with the first batch asked for; stopped when the run ends, fails or its consumer stops.
  const pool = o.workers > 0 ? new AugmentPool(o.workers, { seed: o.seed, recipes: o.recipes, size: o.size, tables: o.tables, validDepth: o.validDepth }) : undefined;
  try {
    yield* batchesFrom(o, jobs, pool);
  } finally {
    await pool?.terminate();
  }
}

async function* batchesFrom(o: Resolved, jobs: Generator<Job>, pool: AugmentPool | undefined): AsyncGenerator<Batch> {
  const queue: Promise<HostBatch>[] = [];
  const fill = (depth: number) => {
    while (queue.length < depth) {
      const next = jobs.next();
      if (next.done) return;
      const pending = prepareBatch(o, next.value, pool);
      // A batch abandoned when the consumer stops early must not surface as an unhandled rejection.
      pending.catch(() => undefined);
      queue.push(pending);
    }
  };
  for (;;) {
    fill(Math.max(1, o.prefetch));
    const pending = queue.shift();
    if (!pending) return;
    const host = await pending;
    // Queue the next batches before handing this one over, so they load while it is used.
    fill(o.prefetch);
    yield toTensors(host);
  }
}

async function prepareBatch(o: Resolved, job: Job, pool: AugmentPool | undefined): Promise<HostBatch> {
  // Promise.all keeps the batch's order whichever worker finishes first.
  const items = await Promise.all(job.indices.map((index) => prepareSample(o, job.epoch, index, pool)));
  return assembleBatch(job, items, { tables: o.tables, validDepth: o.validDepth });
}

async function prepareSample(o: Resolved, epoch: number, index: number, pool: AugmentPool | undefined): Promise<PreparedSample> {
  let read;
  try {
    read = await o.source.read(index);
  } catch (error) {
    throw new Error(`pipeline: reading sample ${index} (epoch ${epoch}) failed: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
  }
  return pool ? pool.augment(epoch, index, read) : augmentSample(o, epoch, index, read);
}

import type { Augmentation } from './augment/augmentation.js';
import { resizeSample } from './augment/resize.js';
import { assembleBatch, toTensors, type Batch, type BatchPosition, type HostBatch, type PreparedSample } from './batch.js';
import { imagenetNormalisation, normalisationTables, type Normalisation } from './normalise.js';
import { mixSeed, mulberry32 } from './prng.js';
import { epochOrder } from './shuffle.js';
import type { SampleSource } from './source.js';
import { toTrainSample } from './train-sample.js';

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
}

export interface Pipeline extends AsyncIterable<Batch> {
  readonly batchesPerEpoch: number;
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
}

/**
 * Shuffles, reads, augments and batches a source. Reading (sharp decodes on libuv's threads) and
 * the typed-array augmentations run ahead of the consumer, `prefetch` batches deep; tensors are
 * created only when a batch is handed over. Every random draw depends on (seed, epoch, sample
 * index, augmentation position) alone, so two runs with one seed give identical batches and a
 * resumed run continues exactly. The augmentations run on the main thread between awaits: on the
 * wasm and cpu backends a train step holds that thread too, so the two take turns rather than
 * overlap (no worker threads yet); `pnpm bench:data` prints what that costs per batch.
 */
export function createPipeline(options: PipelineOptions): Pipeline {
  const o = resolve(options);
  const batchesPerEpoch = o.dropRemainder ? Math.floor(o.source.length / o.batchSize) : Math.ceil(o.source.length / o.batchSize);
  if (batchesPerEpoch === 0) {
    throw new Error(`pipeline: ${o.source.length} samples make no batch of ${o.batchSize} with dropRemainder`);
  }
  const batches = (from: BatchPosition = { epoch: 0, step: 0 }) => run(o, batchesPerEpoch, from);
  const after = ({ epoch, step }: BatchPosition) => (step + 1 < batchesPerEpoch ? { epoch, step: step + 1 } : { epoch: epoch + 1, step: 0 });
  return { batchesPerEpoch, batches, resume: batches, after, [Symbol.asyncIterator]: () => batches() };
}

function resolve(options: PipelineOptions): Resolved {
  const { source, batchSize } = options;
  if (!(Number.isInteger(batchSize) && batchSize > 0)) throw new Error(`pipeline: batchSize must be a positive integer, got ${batchSize}`);
  if (source.length === 0) throw new Error('pipeline: the source is empty');
  const prefetch = options.prefetch ?? 2;
  if (!(Number.isInteger(prefetch) && prefetch >= 0)) throw new Error(`pipeline: prefetch must be an integer ≥ 0, got ${prefetch}`);
  const epochs = options.epochs ?? 1;
  if (!(epochs > 0 && (Number.isInteger(epochs) || epochs === Infinity))) throw new Error(`pipeline: epochs must be a positive integer or Infinity, got ${epochs}`);
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
  };
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
  const queue: Promise<HostBatch>[] = [];
  const fill = (depth: number) => {
    while (queue.length < depth) {
      const next = jobs.next();
      if (next.done) return;
      const pending = prepareBatch(o, next.value);
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

async function prepareBatch(o: Resolved, job: Job): Promise<HostBatch> {
  const items = await Promise.all(job.indices.map((index) => prepareSample(o, job.epoch, index)));
  return assembleBatch(job, items, { tables: o.tables, validDepth: o.validDepth });
}

async function prepareSample(o: Resolved, epoch: number, index: number): Promise<PreparedSample> {
  let read;
  try {
    read = await o.source.read(index);
  } catch (error) {
    throw new Error(`pipeline: reading sample ${index} (epoch ${epoch}) failed: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
  }
  let sample = toTrainSample(read);
  const augment: PreparedSample['augment'] = {};
  o.augment.forEach((step, position) => {
    const result = step.apply(sample, mulberry32(mixSeed(o.seed, epoch, index, position + 1)));
    sample = result.sample;
    if (result.params) augment[step.name] = result.params;
  });
  if (o.size) sample = resizeSample(sample, o.size[0], o.size[1]);
  return { index, sample, augment };
}

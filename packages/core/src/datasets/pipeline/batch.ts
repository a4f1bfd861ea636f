import * as tf from '@tensorflow/tfjs-core';
import type { Intrinsics } from '../spec.js';
import type { AugmentParams } from './augment/augmentation.js';
import { validity } from './batch-planes.js';
import { normaliseInto } from './normalise.js';
import type { TrainSample } from './train-sample.js';

/** Where a batch sits in the run: enough to resume right after it. */
export interface BatchPosition {
  epoch: number;
  /** Batch number within the epoch, from 0. */
  step: number;
}

export interface BatchMeta extends BatchPosition {
  /** Source indices and sample ids, in batch order. */
  indices: number[];
  ids: string[];
  /** Intrinsics after the geometric augmentations (when the reader gave them). */
  intrinsics: (Intrinsics | undefined)[];
  /** Per sample, what each augmentation drew, keyed by the augmentation's name. */
  augment: Record<string, AugmentParams>[];
}

/**
 * One batch as tensors. The consumer owns them: call `dispose()` once done (the pipeline keeps
 * no reference, so an undisposed batch is a leak).
 */
export interface Batch {
  /** [B, H, W, 3] float32, normalised as the pipeline's `normalise` says. */
  images: tf.Tensor4D;
  /** [B, H, W, 1] float32 metres, 0 = no measurement; absent when the source has no depth. */
  depth?: tf.Tensor4D;
  /** [B, H, W, 1] float32, 1 where the depth is valid (inside the pipeline's `validDepth`). */
  mask?: tf.Tensor4D;
  /** [B, H, W, 1] int32 class ids / instance ids, when every sample has them. */
  labels?: tf.Tensor4D;
  instances?: tf.Tensor4D;
  meta: BatchMeta;
  dispose(): void;
}

export interface PreparedSample {
  index: number;
  sample: TrainSample;
  augment: Record<string, AugmentParams>;
  /** Filled by a pipeline worker (batch-planes.ts): the normalised image and the validity mask. */
  normalised?: Float32Array;
  mask?: Float32Array;
}

/** A batch still on the host: typed arrays only, so prefetched batches hold no tensors. */
export interface HostBatch {
  shape: [number, number, number];
  images: Float32Array;
  depth?: Float32Array;
  mask?: Float32Array;
  labels?: Int32Array;
  instances?: Int32Array;
  meta: BatchMeta;
}

export interface AssembleOptions {
  tables: Float32Array[];
  validDepth: { min: number; max: number };
}

export function assembleBatch(position: BatchPosition, items: PreparedSample[], options: AssembleOptions): HostBatch {
  const first = items[0].sample.rgb;
  const [height, width] = [first.height, first.width];
  const pixels = height * width;
  for (const { sample } of items) {
    if (sample.rgb.height !== height || sample.rgb.width !== width) {
      throw new Error(
        `batch ${position.epoch}/${position.step}: sample '${sample.id}' is ${sample.rgb.height}×${sample.rgb.width} but '${items[0].sample.id}' is ${height}×${width}; give the pipeline a size or a crop`,
      );
    }
  }
  const images = new Float32Array(items.length * pixels * 3);
  items.forEach(({ sample, normalised }, b) => {
    if (normalised) images.set(normalised, b * pixels * 3);
    else normaliseInto(images, b * pixels * 3, sample.rgb.data, options.tables);
  });
  const host: HostBatch = {
    shape: [items.length, height, width],
    images,
    meta: {
      ...position,
      indices: items.map((i) => i.index),
      ids: items.map((i) => i.sample.id),
      intrinsics: items.map((i) => i.sample.intrinsics),
      augment: items.map((i) => i.augment),
    },
  };
  const depth = stack(items, 'depth', Float32Array, pixels);
  if (depth) {
    host.depth = depth;
    host.mask = items.every((i) => i.mask) ? concatenate(items.map((i) => i.mask!), depth.length) : validity(depth, options.validDepth);
  }
  const labels = stack(items, 'labels', Int32Array, pixels);
  if (labels) host.labels = labels;
  const instances = stack(items, 'instances', Int32Array, pixels);
  if (instances) host.instances = instances;
  return host;
}

/** Concatenates one map over the batch; all samples must have it or none. */
function stack<T extends Float32Array | Int32Array>(
  items: PreparedSample[],
  key: 'depth' | 'labels' | 'instances',
  Kind: new (n: number) => T,
  pixels: number,
): T | undefined {
  const having = items.filter((i) => i.sample[key]);
  if (having.length === 0) return undefined;
  if (having.length !== items.length) {
    const missing = items.find((i) => !i.sample[key]);
    throw new Error(`batch: sample '${missing?.sample.id}' has no ${key} while '${having[0].sample.id}' has; a source must be consistent`);
  }
  const out = new Kind(items.length * pixels);
  items.forEach((i, b) => out.set(i.sample[key]!.data, b * pixels));
  return out;
}

function concatenate(parts: Float32Array[], length: number): Float32Array {
  const out = new Float32Array(length);
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}

/** Creates the tensors; done only when the consumer takes the batch. */
export function toTensors(host: HostBatch): Batch {
  const [b, h, w] = host.shape;
  const tensors: tf.Tensor[] = [];
  const make = (data: Float32Array | Int32Array, channels: number, dtype: 'float32' | 'int32') => {
    const t = tf.tensor4d(data, [b, h, w, channels], dtype);
    tensors.push(t);
    return t;
  };
  const batch: Batch = {
    images: make(host.images, 3, 'float32'),
    meta: host.meta,
    dispose: () => tf.dispose(tensors),
  };
  if (host.depth) batch.depth = make(host.depth, 1, 'float32');
  if (host.mask) batch.mask = make(host.mask, 1, 'float32');
  if (host.labels) batch.labels = make(host.labels, 1, 'int32');
  if (host.instances) batch.instances = make(host.instances, 1, 'int32');
  return batch;
}

import type { Batch, BatchPosition } from '../datasets/pipeline/batch.js';
import type { Pipeline } from '../datasets/pipeline/pipeline.js';
import type { DataSource } from './fit-config.js';

export interface DataPosition {
  batches: number;
  next?: BatchPosition;
}

export function isPipeline(data: DataSource): data is Pipeline {
  return typeof (data as Pipeline).batches === 'function' && typeof (data as Pipeline).after === 'function';
}

/**
 * Batches from where a checkpoint left off: a pipeline or factory starts at the stored position
 * (nothing skipped is read); a plain iterable is replayed and the consumed batches dropped.
 */
export async function openData(data: DataSource, from: DataPosition): Promise<AsyncIterator<Batch>> {
  if (isPipeline(data)) return data.batches(from.batches > 0 ? from.next : undefined);
  if (typeof data === 'function') {
    const iterator = data(from.batches > 0 ? from.next : undefined)[Symbol.asyncIterator]();
    // A factory over batches without positions cannot start mid-way; replay instead.
    return from.batches > 0 && from.next == null ? skip(iterator, from.batches) : iterator;
  }
  return skip(data[Symbol.asyncIterator](), from.batches);
}

async function skip(iterator: AsyncIterator<Batch>, count: number): Promise<AsyncIterator<Batch>> {
  for (let i = 0; i < count; i++) {
    const next = await iterator.next();
    if (next.done) throw new Error(`resume: the data ended after ${i} batches but the checkpoint consumed ${count}`);
    next.value.dispose();
  }
  return iterator;
}

/** Where the data continues after `batch`. */
export function positionAfter(data: DataSource, batch: Batch): BatchPosition | undefined {
  const meta = batch.meta as Partial<BatchPosition> | undefined;
  if (meta?.epoch == null || meta.step == null) return undefined;
  const position = { epoch: meta.epoch, step: meta.step };
  return isPipeline(data) ? data.after(position) : { epoch: position.epoch, step: position.step + 1 };
}

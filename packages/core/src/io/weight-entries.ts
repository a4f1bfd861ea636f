// Browser-safe: the Node folder reader and a page's model loader check weights the same way.
import type * as tf from '@tensorflow/tfjs-core';
import { countNonFinite, nonFiniteWeightMessage } from './non-finite.js';

const bytesPerDtype: Record<string, number> = { float32: 4, int32: 4, bool: 1, uint8: 1, uint16: 2, float16: 2, complex64: 8 };

/** Bytes one manifest entry occupies in its shard (quantised entries are stored in their quantised dtype). */
export function weightEntryBytes(entry: tf.io.WeightsManifestEntry): number {
  const dtype = entry.quantization?.dtype ?? entry.dtype;
  const size = bytesPerDtype[dtype];
  if (size == null) throw new Error(`weight '${entry.name}': expected a dtype of ${Object.keys(bytesPerDtype).join(', ')}, found '${dtype}'`);
  if (!Array.isArray(entry.shape) || !entry.shape.every((d) => Number.isSafeInteger(d) && d >= 0)) {
    throw new Error(`weight '${entry.name}': expected a shape of non-negative integers, found ${JSON.stringify(entry.shape)}`);
  }
  return entry.shape.reduce((a, b) => a * b, 1) * size;
}

/** Fails naming the first float32 tensor holding NaN or ±Inf (and how many such values it holds). */
export function assertFiniteWeights(data: ArrayBuffer, entries: readonly tf.io.WeightsManifestEntry[], where: string): void {
  let offset = 0;
  for (const entry of entries) {
    const bytes = weightEntryBytes(entry);
    if (entry.dtype === 'float32' && entry.quantization == null) {
      const values = new Float32Array(data.slice(offset, offset + bytes));
      const bad = countNonFinite(values);
      if (bad > 0) {
        throw new Error(nonFiniteWeightMessage(where, entry.name, entry.shape, bad));
      }
    }
    offset += bytes;
  }
}

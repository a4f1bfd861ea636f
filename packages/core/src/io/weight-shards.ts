// How `export --web` lays weights out for a static server, and its float16 quantisation.
import type * as tf from '@tensorflow/tfjs-core';
import { float16Max, toFloat16 } from './float16.js';
import { weightEntryBytes } from './weight-files.js';

/** tfjs-converter's shard size: large enough for few requests, small enough for browser caches. */
export const defaultShardBytes = 4 * 1024 * 1024;

export interface WeightShards {
  /** One `weightsManifest` group, as tfjs reads it: the shards concatenated hold the weights in order. */
  group: { paths: string[]; weights: tf.io.WeightsManifestEntry[] };
  /** The bytes of each shard, in `paths` order. */
  files: Uint8Array[];
}

/**
 * Splits weight data into files of at most `maxBytes`, named as tfjs-converter names them
 * (`group1-shard1of3.bin`). A tensor may straddle two shards: tfjs joins a group's shards
 * before decoding, so only the total order matters.
 */
export function shardWeights(entries: readonly tf.io.WeightsManifestEntry[], data: Uint8Array, maxBytes = defaultShardBytes): WeightShards {
  if (!(Number.isInteger(maxBytes) && maxBytes > 0)) throw new Error(`shard size: expected a positive whole number of bytes, found ${maxBytes}`);
  const expected = entries.reduce((n, e) => n + weightEntryBytes(e), 0);
  if (expected !== data.byteLength) {
    throw new Error(`weights: the ${entries.length} entries' shapes and dtypes imply ${expected} bytes, found ${data.byteLength}`);
  }
  const count = Math.max(1, Math.ceil(data.byteLength / maxBytes));
  const files = Array.from({ length: count }, (_, i) => data.subarray(i * maxBytes, Math.min(data.byteLength, (i + 1) * maxBytes)));
  const paths = files.map((_, i) => `group1-shard${i + 1}of${count}.bin`);
  return { group: { paths, weights: entries.map((e) => ({ ...e })) }, files };
}

export interface QuantizedWeights {
  entries: tf.io.WeightsManifestEntry[];
  data: Uint8Array;
  /** Entries left as float32 because a value exceeds float16's range (±65504). */
  keptFloat32: string[];
}

/**
 * Stores every float32 tensor as float16 with tfjs's quantisation fields (`dtype: 'float32'`,
 * `quantization: { dtype: 'float16' }`), which `tf.io.decodeWeights` turns back into float32.
 * Integer tensors, already-quantised ones and ones beyond float16's range are copied as they are.
 */
export function quantizeFloat16(entries: readonly tf.io.WeightsManifestEntry[], data: Uint8Array): QuantizedWeights {
  const parts: Uint8Array[] = [];
  const out: tf.io.WeightsManifestEntry[] = [];
  const keptFloat32: string[] = [];
  let offset = 0;
  for (const entry of entries) {
    const bytes = weightEntryBytes(entry);
    const raw = data.subarray(offset, offset + bytes);
    offset += bytes;
    if (entry.dtype !== 'float32' || entry.quantization != null) {
      parts.push(raw);
      out.push({ ...entry });
      continue;
    }
    const values = new Float32Array(raw.slice().buffer);
    if (values.some((v) => Math.abs(v) > float16Max)) {
      keptFloat32.push(entry.name);
      parts.push(raw);
      out.push({ ...entry });
      continue;
    }
    parts.push(new Uint8Array(toFloat16(values).buffer));
    out.push({ ...entry, quantization: { dtype: 'float16' } });
  }
  if (offset !== data.byteLength) throw new Error(`weights: the entries imply ${offset} bytes, found ${data.byteLength}`);
  const total = parts.reduce((n, p) => n + p.byteLength, 0);
  const joined = new Uint8Array(total);
  let at = 0;
  for (const p of parts) {
    joined.set(p, at);
    at += p.byteLength;
  }
  return { entries: out, data: joined, keptFloat32 };
}

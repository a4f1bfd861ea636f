import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { initEngine } from '../engine/engine.js';
import { float16Value, float16Bits } from './float16.js';
import { quantizeFloat16, shardWeights } from './weight-shards.js';

const entries: tf.io.WeightsManifestEntry[] = [
  { name: 'a', shape: [3, 5], dtype: 'float32' },
  { name: 'steps', shape: [2], dtype: 'int32' },
  { name: 'b', shape: [7], dtype: 'float32' },
  { name: 'huge', shape: [2], dtype: 'float32' },
];

function weightData(): { data: Uint8Array; values: Record<string, Float32Array | Int32Array> } {
  const a = Float32Array.from({ length: 15 }, (_, i) => Math.sin(i) * 3.7);
  const steps = Int32Array.from([123456789, -5]);
  const b = Float32Array.from({ length: 7 }, (_, i) => 1e-6 * (i + 1) - 0.25);
  const huge = Float32Array.from([1e6, 2]);
  const parts = [a, steps, b, huge].map((t) => new Uint8Array(t.buffer));
  const data = new Uint8Array(parts.reduce((n, p) => n + p.byteLength, 0));
  let at = 0;
  for (const p of parts) { data.set(p, at); at += p.byteLength; }
  return { data, values: { a, steps, b, huge } };
}

beforeAll(async () => {
  await initEngine({ engine: 'cpu', log: false });
});

describe('shardWeights', () => {
  it('cuts the bytes into shards no larger than the limit, named as tfjs-converter names them, that decode to the same tensors', () => {
    const { data, values } = weightData();
    const { group, files } = shardWeights(entries, data, 40);
    expect(files.map((f) => f.byteLength)).toEqual([40, 40, 24]);
    expect(group.paths).toEqual(['group1-shard1of3.bin', 'group1-shard2of3.bin', 'group1-shard3of3.bin']);
    const joined = new Uint8Array(Buffer.concat(files));
    expect(joined).toEqual(data);
    const decoded = tf.io.decodeWeights(joined.buffer, group.weights);
    for (const [name, expected] of Object.entries(values)) expect(decoded[name].dataSync()).toEqual(expected);
    tf.dispose(Object.values(decoded));
  });

  it('writes one shard when everything fits', () => {
    const { data } = weightData();
    expect(shardWeights(entries, data).group.paths).toEqual(['group1-shard1of1.bin']);
  });

  it('keeps tfjs-converter\'s 4 MiB by default: a 10 MiB tensor spans three shards', () => {
    const big: tf.io.WeightsManifestEntry[] = [{ name: 'w', shape: [10 * 1024 * 1024 / 4], dtype: 'float32' }];
    const { files } = shardWeights(big, new Uint8Array(10 * 1024 * 1024));
    expect(files.map((f) => f.byteLength)).toEqual([4 * 1024 * 1024, 4 * 1024 * 1024, 2 * 1024 * 1024]);
  });

  it('refuses bytes that do not match the entries', () => {
    expect(() => shardWeights(entries, new Uint8Array(12))).toThrow('weights: the 4 entries\' shapes and dtypes imply 104 bytes, found 12');
    expect(() => shardWeights(entries, weightData().data, 0)).toThrow('shard size: expected a positive whole number of bytes, found 0');
  });
});

describe('quantizeFloat16', () => {
  it('stores float32 tensors as float16 with tfjs\'s quantization field, which tf.io.decodeWeights reads back', () => {
    const { data, values } = weightData();
    const q = quantizeFloat16(entries, data);
    expect(q.entries.map((e) => e.quantization?.dtype ?? e.dtype)).toEqual(['float16', 'int32', 'float16', 'float32']);
    expect(q.entries.map((e) => e.dtype)).toEqual(['float32', 'int32', 'float32', 'float32']);
    expect(q.keptFloat32).toEqual(['huge']);
    expect(q.data.byteLength).toBe(15 * 2 + 2 * 4 + 7 * 2 + 2 * 4);
    const decoded = tf.io.decodeWeights(q.data.slice().buffer, q.entries);
    for (const name of ['a', 'b']) {
      const expected = Array.from(values[name], (v) => float16Value(float16Bits(v)));
      expect(Array.from(decoded[name].dataSync())).toEqual(expected);
      // float16 keeps 11 significant bits: within 2^-11 relative of the original.
      Array.from(decoded[name].dataSync()).forEach((v, i) => expect(Math.abs(v - values[name][i])).toBeLessThanOrEqual(Math.abs(values[name][i]) * 2 ** -11));
    }
    expect(decoded.steps.dataSync()).toEqual(values.steps);
    expect(decoded.huge.dataSync()).toEqual(values.huge);
    tf.dispose(Object.values(decoded));
  });
});

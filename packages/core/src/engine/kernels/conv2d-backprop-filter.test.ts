import * as tf from '@tensorflow/tfjs-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { initEngine } from '../engine.js';
import { expectNoTensorLeak, relativeError } from '../../testing/index.js';
import type { WasmBackendLike } from './backend-memory.js';

const twoGiB = 2 ** 31;

interface FilterGradCase {
  label: string;
  x: [number, number, number, number];
  filter: [number, number, number, number];
  stride: number;
  dilation: number;
  pad: 'same' | 'valid';
}

// Stride 1 with cout < cin takes the shifted-gradient GEMM, the rest the input-columns GEMM,
// whose stride-1 copies are heap-wide memmoves (the code that broke above 2 GiB).
const cases: FilterGradCase[] = [
  { label: 'shifted-gradient path (stride 1, 16 → 8)', x: [2, 20, 36, 16], filter: [3, 3, 16, 8], stride: 1, dilation: 1, pad: 'same' },
  { label: 'input-columns path (stride 1, 8 → 16)', x: [2, 20, 36, 8], filter: [3, 3, 8, 16], stride: 1, dilation: 1, pad: 'same' },
  { label: 'input-columns path (stride 2, 16 → 24)', x: [2, 20, 36, 16], filter: [3, 3, 16, 24], stride: 2, dilation: 1, pad: 'same' },
  { label: 'input-columns path (dilation 2, 8 → 12)', x: [1, 18, 30, 8], filter: [3, 3, 8, 12], stride: 1, dilation: 2, pad: 'same' },
];

/** dL/dW for L = Σ conv(x, W) · dy, through tfjs's conv2d gradient (depthkit's for dilated convs). */
function filterGrad(c: FilterGradCase, x: tf.Tensor4D, w: tf.Tensor4D, dy: tf.Tensor4D): tf.Tensor {
  return tf.grad((f: tf.Tensor) => tf.sum(tf.mul(tf.conv2d(x, f as tf.Tensor4D, c.stride, c.pad, 'NHWC', c.dilation), dy)))(w);
}

function computeOn(backend: 'cpu' | 'wasm', c: FilterGradCase, values: { x: Float32Array; w: Float32Array; dy: Float32Array; dyShape: number[] }): { grad: Float32Array; lowestByteOffset: number } {
  tf.setBackend(backend);
  return tf.tidy(() => {
    const x = tf.tensor4d(values.x, c.x);
    const w = tf.tensor4d(values.w, c.filter);
    const dy = tf.tensor4d(values.dy, values.dyShape as [number, number, number, number]);
    const grad = filterGrad(c, x, w, dy);
    const lowestByteOffset = backend === 'wasm'
      ? Math.min(...[x, dy, grad].map((t) => (tf.backend() as unknown as WasmBackendLike).typedArrayFromHeap(t).byteOffset))
      : Number.NaN;
    return { grad: grad.dataSync() as Float32Array, lowestByteOffset };
  });
}

function randomValues(size: number, seed: number): Float32Array {
  return tf.tidy(() => tf.randomNormal([size], 0, 1, 'float32', seed).dataSync() as Float32Array);
}

// A wasm heap grows to 4 GiB; past 2 GiB, byte offsets no longer fit a signed 32-bit shift.
describe('wasm Conv2DBackpropFilter on tensors above 2 GiB of heap agrees with the cpu backend', () => {
  let wasm: WasmBackendLike;
  let filler: tf.TensorInfo;

  beforeAll(async () => {
    await initEngine({ engine: 'cpu', log: false });
    await initEngine({ engine: 'wasm', log: false });
    wasm = tf.backend() as unknown as WasmBackendLike;
    // Held for the whole file, so everything allocated after it sits above it.
    filler = wasm.makeOutput([2 ** 29 + 2 ** 24], 'float32');
  });

  afterAll(() => {
    wasm.disposeData(filler.dataId);
  });

  for (const c of cases) {
    it(c.label, async () => {
      const probe = tf.tidy(() => tf.conv2d(tf.zeros(c.x) as tf.Tensor4D, tf.zeros(c.filter) as tf.Tensor4D, c.stride, c.pad, 'NHWC', c.dilation).shape);
      const values = {
        x: randomValues(c.x.reduce((a, b) => a * b), 1),
        w: randomValues(c.filter.reduce((a, b) => a * b), 2),
        dy: randomValues(probe.reduce((a, b) => a * b), 3),
        dyShape: probe,
      };
      const reference = await expectNoTensorLeak(() => computeOn('cpu', c, values));
      const onWasm = await expectNoTensorLeak(() => computeOn('wasm', c, values));
      expect(onWasm.lowestByteOffset, 'the tensors sit above 2 GiB of wasm heap').toBeGreaterThanOrEqual(twoGiB);
      expect(relativeError(onWasm.grad, reference.grad)).toBeLessThan(1e-5);
    });
  }
});

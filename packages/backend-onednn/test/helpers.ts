import * as tf from '@tensorflow/tfjs-core';
import { expect } from 'vitest';
import { onednnStatus, registerOnednnBackend } from '../src/index.js';

// Small copies of @depthkit/core's test helpers: core loads this package, so this package's
// tests cannot import core without a dependency cycle.

/** Whether the addon is built here, and why not. Tests skip (naming the reason) without it. */
export const addonStatus = onednnStatus();
export const skipReason = addonStatus.ok ? '' : ` (skipped: ${addonStatus.reason})`;

export function setUpOnednn(): void {
  if (addonStatus.ok) registerOnednnBackend();
}

/** max |a − b| / max |b|. */
export function relativeError(actual: ArrayLike<number>, expected: ArrayLike<number>): number {
  expect(actual.length).toBe(expected.length);
  let maxDiff = 0;
  let maxRef = 0;
  for (let i = 0; i < expected.length; i++) {
    maxDiff = Math.max(maxDiff, Math.abs(actual[i] - expected[i]));
    maxRef = Math.max(maxRef, Math.abs(expected[i]));
  }
  return maxRef === 0 ? maxDiff : maxDiff / maxRef;
}

export async function expectNoTensorLeak<T>(body: () => T | Promise<T>): Promise<T> {
  const before = tf.memory().numTensors;
  const result = await body();
  expect(tf.memory().numTensors - before, 'tensors left behind').toBe(0);
  return result;
}

/** Deterministic standard-normal values (Box–Muller on a small LCG): the same on every backend. */
export function randomValues(size: number, seed: number): Float32Array {
  let state = (seed * 2654435761) >>> 0 || 1;
  const uniform = () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return (state + 0.5) / 2 ** 32;
  };
  const out = new Float32Array(size);
  for (let i = 0; i < size; i++) out[i] = Math.sqrt(-2 * Math.log(uniform())) * Math.cos(2 * Math.PI * uniform());
  return out;
}

export function randomTensor(shape: number[], seed: number): tf.Tensor {
  return tf.tensor(randomValues(shape.reduce((a, b) => a * b, 1), seed), shape);
}

/** Runs `f` on a backend (leak-checked) and returns its outputs' values and shapes. */
export async function runOn(backend: string, f: () => tf.Tensor | tf.Tensor[]): Promise<{ values: Float32Array[]; shapes: number[][] }> {
  await tf.setBackend(backend);
  return expectNoTensorLeak(() => tf.tidy(() => {
    const out = f();
    const list = Array.isArray(out) ? out : [out];
    return { values: list.map((t) => t.dataSync() as Float32Array), shapes: list.map((t) => t.shape) };
  }) as { values: Float32Array[]; shapes: number[][] });
}

/** `f` on onednn equals `f` on tfjs's cpu backend to `tolerance` (relative, per output). */
export async function expectLikeCpu(f: () => tf.Tensor | tf.Tensor[], label: string, tolerance = 1e-4): Promise<void> {
  const cpu = await runOn('cpu', f);
  const native = await runOn('onednn', f);
  expect(native.shapes, `${label}: shapes`).toEqual(cpu.shapes);
  native.values.forEach((v, i) => expect(relativeError(v, cpu.values[i]), `${label}: output ${i}`).toBeLessThan(tolerance));
}

/** Σ a·b in double precision. */
export function dot(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i] * b[i];
  return s;
}

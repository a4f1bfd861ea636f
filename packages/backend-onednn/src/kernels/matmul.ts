import type { KernelConfig, KernelFunc, TensorInfo } from '@tensorflow/tfjs-core';
import { nativeActivation } from './activation.js';
import { allFloat32, float32Values, nativeOutput, sizeOf, withFallback, type KernelArgs } from './tensor-data.js';

interface MatMulAttrs {
  transposeA: boolean;
  transposeB: boolean;
  activation?: string;
  leakyreluAlpha?: number;
}

/** Batch dims of a and b as one count each, when they match or one side has a single matrix. */
function batchCounts(aOuter: number[], bOuter: number[]): { batchA: number; batchB: number; outer: number[] } | null {
  const batchA = sizeOf(aOuter);
  const batchB = sizeOf(bOuter);
  const same = aOuter.length === bOuter.length && aOuter.every((d, i) => d === bOuter[i]);
  if (same) return { batchA, batchB, outer: aOuter };
  if (batchB === 1 && aOuter.length >= bOuter.length) return { batchA, batchB, outer: aOuter };
  if (batchA === 1 && bOuter.length >= aOuter.length) return { batchA, batchB, outer: bOuter };
  return null;
}

function matMul(fused: boolean) {
  return ({ inputs, backend, attrs }: KernelArgs): TensorInfo | null => {
    const { a, b, bias, preluActivationWeights } = inputs;
    const { transposeA, transposeB, activation, leakyreluAlpha } = attrs as unknown as MatMulAttrs;
    if (preluActivationWeights != null || a.shape.length < 2 || b.shape.length < 2) return null;
    const act = fused ? nativeActivation(activation, leakyreluAlpha) : [0, 0];
    if (act == null) return null;
    const values = allFloat32(backend, a, b);
    if (values == null) return null;
    const ra = a.shape.length;
    const rb = b.shape.length;
    const [m, k] = transposeA ? [a.shape[ra - 1], a.shape[ra - 2]] : [a.shape[ra - 2], a.shape[ra - 1]];
    const [kb, n] = transposeB ? [b.shape[rb - 1], b.shape[rb - 2]] : [b.shape[rb - 2], b.shape[rb - 1]];
    if (k !== kb) return null;
    const batch = batchCounts(a.shape.slice(0, -2), b.shape.slice(0, -2));
    if (batch == null) return null;
    let biasValues: Float32Array | null = null;
    if (bias != null) {
      biasValues = float32Values(backend, bias);
      if (biasValues == null || sizeOf(bias.shape) !== n || bias.shape[bias.shape.length - 1] !== n) return null;
    }
    if (m === 0 || n === 0 || k === 0 || batch.batchA === 0 || batch.batchB === 0) return null;
    return nativeOutput(backend, [...batch.outer, m, n], (c) =>
      backend.addon.matMul(values[0], values[1], biasValues, c,
        [batch.batchA, batch.batchB, m, k, n, transposeA ? 1 : 0, transposeB ? 1 : 0], act[0], act[1]));
  };
}

/** BatchMatMul and _FusedMatMul (bias + activation as post-ops); transposes read by strides. */
export function matMulKernels(stock: (name: string) => KernelFunc, backendName: string): KernelConfig[] {
  return [
    { kernelName: 'BatchMatMul', backendName, kernelFunc: withFallback(stock('BatchMatMul'), matMul(false)) },
    { kernelName: '_FusedMatMul', backendName, kernelFunc: withFallback(stock('_FusedMatMul'), matMul(true)) },
  ];
}

import type { KernelFunc, NamedAttrMap, TensorInfo } from '@tensorflow/tfjs-core';
import type { MathBackendCPU } from '@tensorflow/tfjs-backend-cpu';
import type { OnednnAddon } from '../addon.js';

/** What every native kernel gets: the backend (tensors in JS typed arrays) and the addon. */
export interface NativeBackend extends MathBackendCPU {
  readonly addon: OnednnAddon;
  /** An output array (possibly reused: its contents are undefined). */
  allocate(length: number): Float32Array;
}

/** A tensor's own Float32Array, which the addon reads in place, or null if it has none. */
export function float32Values(backend: NativeBackend, t: TensorInfo): Float32Array | null {
  if (t.dtype !== 'float32') return null;
  const values = backend.data.get(t.dataId).values;
  return values instanceof Float32Array ? values : null;
}

/** The values of float32 inputs, or null when any is not a plain float32 array. */
export function allFloat32(backend: NativeBackend, ...tensors: TensorInfo[]): Float32Array[] | null {
  const out: Float32Array[] = [];
  for (const t of tensors) {
    const v = float32Values(backend, t);
    if (v == null) return null;
    out.push(v);
  }
  return out;
}

export function sizeOf(shape: readonly number[]): number {
  return shape.reduce((a, b) => a * b, 1);
}

/** A new float32 tensor the addon writes into (every element: the array may be reused). */
export function nativeOutput(backend: NativeBackend, shape: number[], fill: (out: Float32Array) => void): TensorInfo {
  const values = backend.allocate(sizeOf(shape));
  fill(values);
  return backend.makeTensorInfo(shape, 'float32', values);
}

export interface KernelArgs {
  inputs: Record<string, TensorInfo>;
  backend: NativeBackend;
  attrs: NamedAttrMap;
}

/**
 * A kernel that runs natively when `native` returns a result and falls back to tfjs's cpu
 * kernel when it returns null (a dtype, layout or attribute the native path does not cover).
 */
export function withFallback(stock: KernelFunc, native: (args: KernelArgs) => TensorInfo | TensorInfo[] | null): KernelFunc {
  return (args) => {
    const result = native(args as unknown as KernelArgs);
    return result ?? stock(args);
  };
}

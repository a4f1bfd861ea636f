import type { KernelConfig, KernelFunc, TensorInfo } from '@tensorflow/tfjs-core';
import { nativeOutput, sizeOf, withFallback, type KernelArgs } from './tensor-data.js';

/** Below this many elements no native kernel takes the tensor anyway. */
const castCopyMin = 2048;

/**
 * Cast of bool or int32 to float32 as a real Float32Array. tfjs's cpu kernel keeps the input's
 * Uint8Array / Int32Array under the float32 tensor (no precision is lost), which every native
 * kernel must refuse: region pooling's mask product ran in JS, 0.3–0.6 s a call at 2×176×352.
 */
function castToFloat32({ inputs, backend, attrs }: KernelArgs): TensorInfo | null {
  const { x } = inputs;
  if (attrs.dtype !== 'float32' || (x.dtype !== 'bool' && x.dtype !== 'int32') || sizeOf(x.shape) < castCopyMin) return null;
  const values = backend.data.get(x.dataId).values;
  if (!(values instanceof Uint8Array || values instanceof Int32Array)) return null;
  return nativeOutput(backend, [...x.shape], (out) => out.set(values));
}

export function castKernels(stock: (name: string) => KernelFunc, backendName: string): KernelConfig[] {
  return [{ kernelName: 'Cast', backendName, kernelFunc: withFallback(stock('Cast'), castToFloat32) }];
}

import type { DataType, KernelFunc, NamedAttrMap, TensorInfo } from '@tensorflow/tfjs-core';
import { getKernel } from '@tensorflow/tfjs-core';

/**
 * The two JS-reachable backends keep tensor data in different places: the cpu backend in JS
 * typed arrays, the wasm backend on its heap. Depthkit's kernels read and write both through
 * these helpers so one implementation serves both.
 */
export type BackendName = 'cpu' | 'wasm';

// Backend internals are untyped in tfjs's public API; this is the part depthkit touches.
export interface WasmBackendLike {
  dataIdMap: { get(dataId: object): { id: number; memoryOffset: number } };
  makeOutput(shape: number[], dtype: DataType): TensorInfo;
  typedArrayFromHeap(info: TensorInfo): Float32Array | Int32Array | Uint8Array;
  disposeData(dataId: object, force?: boolean): boolean;
}

export interface CpuBackendLike {
  data: { get(dataId: object): { values: Float32Array | Int32Array | Uint8Array } };
  makeTensorInfo(shape: number[], dtype: DataType, values?: Float32Array | Int32Array): TensorInfo;
  disposeIntermediateTensorInfo(info: TensorInfo): void;
}

export type AnyBackend = WasmBackendLike | CpuBackendLike;

export function isWasmBackend(backend: unknown): backend is WasmBackendLike {
  return typeof (backend as WasmBackendLike).typedArrayFromHeap === 'function';
}

/** A float32 view (wasm) or the array itself (cpu) of a tensor's data. */
export function readFloat32(backend: AnyBackend, info: TensorInfo): Float32Array {
  if (info.dtype !== 'float32') {
    throw new Error(`depthkit kernel: expected a float32 tensor, got ${info.dtype}`);
  }
  if (isWasmBackend(backend)) return backend.typedArrayFromHeap(info) as Float32Array;
  return backend.data.get(info.dataId).values as Float32Array;
}

/**
 * A view's position in its wasm heap, in float32 elements. Offsets pass 2^31 once the heap
 * grows beyond 2 GiB (it may reach 4 GiB), so this divides: a `>> 2` shift turns them negative,
 * and `copyWithin` then counts from the end of the heap, corrupting whatever lives there.
 */
export function heapIndex(view: Float32Array): number {
  return view.byteOffset / Float32Array.BYTES_PER_ELEMENT;
}

export function readInt32(backend: AnyBackend, info: TensorInfo): Int32Array {
  if (isWasmBackend(backend)) return backend.typedArrayFromHeap(info) as Int32Array;
  return backend.data.get(info.dataId).values as Int32Array;
}

/**
 * Allocates a zero-filled float32 output and lets `fill` write it. On wasm the heap may grow
 * (and detach every earlier view) during allocation, so inputs must be read inside `fill`.
 */
export function makeFloat32Output(
  backend: AnyBackend,
  shape: number[],
  fill: (out: Float32Array) => void,
  { zeroed = true }: { zeroed?: boolean } = {},
): TensorInfo {
  if (isWasmBackend(backend)) {
    const info = backend.makeOutput(shape, 'float32');
    const out = backend.typedArrayFromHeap(info) as Float32Array;
    // malloc'd heap is not cleared; kernels that write every element skip the extra pass.
    if (zeroed) out.fill(0);
    fill(out);
    return info;
  }
  const size = shape.reduce((a, b) => a * b, 1);
  const values = new Float32Array(size);
  fill(values);
  return backend.makeTensorInfo(shape, 'float32', values);
}

export function disposeIntermediate(backend: AnyBackend, info: TensorInfo): void {
  if (isWasmBackend(backend)) backend.disposeData(info.dataId);
  else backend.disposeIntermediateTensorInfo(info);
}

/** Calls another kernel of the same backend directly, as tfjs's own composite kernels do. */
export function callKernel(
  kernelName: string,
  backendName: BackendName,
  backend: AnyBackend,
  inputs: Record<string, TensorInfo>,
  attrs: NamedAttrMap = {},
): TensorInfo {
  const config = getKernel(kernelName, backendName);
  if (config == null) {
    throw new Error(`depthkit kernel: backend '${backendName}' has no '${kernelName}' kernel`);
  }
  const kernelFunc = config.kernelFunc as KernelFunc;
  return kernelFunc({ inputs, backend: backend as never, attrs }) as TensorInfo;
}

/** A reshape that shares data (both backends implement Reshape without copying). */
export function reshapeInfo(
  backendName: BackendName,
  backend: AnyBackend,
  x: TensorInfo,
  shape: number[],
): TensorInfo {
  return callKernel('Reshape', backendName, backend, { x }, { shape });
}

/** Attributes tfjs passes to the Conv2D backprop kernels (one of the two shapes is set). */
export interface ConvBackpropAttrs {
  strides: [number, number] | number;
  pad: 'same' | 'valid' | number | [[number, number], [number, number], [number, number], [number, number]];
  dataFormat: 'NHWC' | 'NCHW';
  dimRoundingMode?: 'floor' | 'round' | 'ceil';
  inputShape: [number, number, number, number];
  filterShape: [number, number, number, number];
  /** Not a tfjs attribute: depthkit's dilated-conv gradient passes it to the wasm kernels. */
  dilations?: [number, number] | number;
}

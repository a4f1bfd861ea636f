import type { KernelConfig, KernelFunc, TensorInfo } from '@tensorflow/tfjs-core';
import { readInt32, type WasmBackendLike } from './backend-memory.js';

/**
 * UnsortedSegmentSum for wasm (missing from the stock backend; tfjs's Gather gradient and
 * region pooling need it). Ids outside [0, numSegments) are dropped, as TensorFlow does.
 */
export function makeUnsortedSegmentSumWasm(): KernelConfig {
  const kernelFunc: KernelFunc = ({ inputs, backend, attrs }) => {
    const { x, segmentIds } = inputs as { x: TensorInfo; segmentIds: TensorInfo };
    const { numSegments } = attrs as unknown as { numSegments: number };
    const wasm = backend as unknown as WasmBackendLike;
    const idCount = segmentIds.shape.reduce((p, d) => p * d, 1);
    const total = x.shape.reduce((p, d) => p * d, 1);
    const inner = idCount === 0 ? 0 : total / idCount;
    const outShape = [numSegments, ...x.shape.slice(segmentIds.shape.length)];
    if (x.dtype !== 'float32' && x.dtype !== 'int32') {
      throw new Error(`UnsortedSegmentSum (depthkit, wasm): unsupported dtype ${x.dtype}`);
    }
    const out = wasm.makeOutput(outShape, x.dtype);
    const dst = wasm.typedArrayFromHeap(out) as Float32Array | Int32Array;
    dst.fill(0);
    const src = wasm.typedArrayFromHeap(x) as Float32Array | Int32Array;
    const ids = readInt32(wasm, segmentIds);
    for (let k = 0; k < idCount; k++) {
      const seg = ids[k];
      if (seg < 0 || seg >= numSegments) continue;
      const from = k * inner;
      const to = seg * inner;
      for (let t = 0; t < inner; t++) dst[to + t] += src[from + t];
    }
    return out;
  };
  return { kernelName: 'UnsortedSegmentSum', backendName: 'wasm', kernelFunc };
}

import type { KernelConfig, KernelFunc, TensorInfo } from '@tensorflow/tfjs-core';
import { isWasmBackend, readInt32, type AnyBackend } from './backend-memory.js';

/**
 * UnsortedSegmentSum in one pass over x, O(size of x). wasm's stock backend has none (tfjs's
 * Gather gradient and region pooling need it); the cpu backend's (and so onednn's, which
 * inherits it) builds a full-size mask, product and transposed sum per segment — O(segments ×
 * size of x) time and garbage, which made region-support's 161-segment pooling at 2×352×704 run
 * for minutes. Ids outside [0, numSegments) are dropped, as TensorFlow does.
 */
export function makeUnsortedSegmentSum(backendName: string): KernelConfig {
  const kernelFunc: KernelFunc = ({ inputs, backend, attrs }) => {
    const { x, segmentIds } = inputs as { x: TensorInfo; segmentIds: TensorInfo };
    const { numSegments } = attrs as unknown as { numSegments: number };
    const memory = backend as unknown as AnyBackend;
    const idCount = segmentIds.shape.reduce((p, d) => p * d, 1);
    const total = x.shape.reduce((p, d) => p * d, 1);
    const inner = idCount === 0 ? 0 : total / idCount;
    const outShape = [numSegments, ...x.shape.slice(segmentIds.shape.length)];
    if (x.dtype !== 'float32' && x.dtype !== 'int32') {
      throw new Error(`UnsortedSegmentSum (depthkit, ${backendName}): unsupported dtype ${x.dtype}`);
    }
    const accumulate = (dst: Float32Array | Int32Array, src: Float32Array | Int32Array, ids: Int32Array) => {
      for (let k = 0; k < idCount; k++) {
        const seg = ids[k];
        if (seg < 0 || seg >= numSegments) continue;
        const from = k * inner;
        const to = seg * inner;
        for (let t = 0; t < inner; t++) dst[to + t] += src[from + t];
      }
    };
    if (isWasmBackend(memory)) {
      const out = memory.makeOutput(outShape, x.dtype);
      // Views are taken after the allocation, which may grow (and detach) the heap.
      const dst = memory.typedArrayFromHeap(out) as Float32Array | Int32Array;
      dst.fill(0);
      accumulate(dst, memory.typedArrayFromHeap(x) as Float32Array | Int32Array, readInt32(memory, segmentIds));
      return out;
    }
    const dst = x.dtype === 'int32' ? new Int32Array(numSegments * inner) : new Float32Array(numSegments * inner);
    accumulate(dst, memory.data.get(x.dataId).values as Float32Array | Int32Array, readInt32(memory, segmentIds));
    return memory.makeTensorInfo(outShape, x.dtype, dst);
  };
  return { kernelName: 'UnsortedSegmentSum', backendName, kernelFunc };
}

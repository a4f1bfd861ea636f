import type { KernelConfig, KernelFunc, NamedAttrMap, TensorInfo } from '@tensorflow/tfjs-core';
import { util } from '@tensorflow/tfjs-core';
import { makeFloat32Output, readFloat32, type WasmBackendLike } from './backend-memory.js';

type Reduction = 'Sum' | 'Mean';

/**
 * Number of leading elements reduced when `axes` are exactly the first k axes (NHWC reductions
 * over N, H, W — every batch-norm statistic and its gradient), otherwise null.
 */
function leadingExtent(shape: number[], axis: number | number[]): number | null {
  const axes = util.parseAxisParam(axis, shape).sort((a, b) => a - b);
  if (axes.length === 0 || axes.length === shape.length) return null;
  if (!axes.every((a, i) => a === i)) return null;
  return shape.slice(0, axes.length).reduce((p, d) => p * d, 1);
}

/**
 * Sum/Mean over leading axes for wasm as a single streaming pass over rows. The stock kernel
 * first transposes the reduced axes to the end, which costs more than the reduction itself.
 */
export function makeLeadingAxesReduceWasm(name: Reduction, stock: KernelFunc): KernelConfig {
  const kernelFunc: KernelFunc = ({ inputs, backend, attrs }) => {
    const { x } = inputs as { x: TensorInfo };
    const { axis, keepDims } = attrs as unknown as { axis: number | number[]; keepDims: boolean };
    const rows = x.dtype === 'float32' ? leadingExtent(x.shape, axis) : null;
    if (rows == null) return stock({ inputs, backend, attrs: attrs as NamedAttrMap });
    const wasm = backend as unknown as WasmBackendLike;
    const reducedRank = util.parseAxisParam(axis, x.shape).length;
    const tail = x.shape.slice(reducedRank);
    const width = tail.reduce((p, d) => p * d, 1);
    const outShape = keepDims ? [...x.shape.slice(0, reducedRank).map(() => 1), ...tail] : tail;
    return makeFloat32Output(wasm, outShape, (out) => {
      const src = readFloat32(wasm, x);
      const acc = new Float64Array(width);
      for (let r = 0; r < rows; r++) {
        const base = r * width;
        for (let c = 0; c < width; c++) acc[c] += src[base + c];
      }
      const scale = name === 'Mean' ? 1 / rows : 1;
      for (let c = 0; c < width; c++) out[c] = acc[c] * scale;
    });
  };
  return { kernelName: name, backendName: 'wasm', kernelFunc };
}

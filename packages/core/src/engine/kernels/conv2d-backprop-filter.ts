import type { KernelConfig, KernelFunc, TensorInfo } from '@tensorflow/tfjs-core';
import { backend_util } from '@tensorflow/tfjs-core';
import {
  callKernel,
  disposeIntermediate,
  makeFloat32Output,
  readFloat32,
  reshapeInfo,
  type WasmBackendLike,
} from './backend-memory.js';

/**
 * Conv2DBackpropFilter for wasm (the stock backend has none): one GEMM,
 * dW[(i,j,ci), co] = Σ_m cols[(i,j,ci), m] · dy[m, co], where `cols` is the transposed im2col
 * matrix of the input. The im2col copy runs in JS on the wasm heap over a channel-major copy
 * of x, so every row is a run of contiguous memcpy's, and the GEMM runs in XNNPACK.
 */
export function makeConv2DBackpropFilterWasm(): KernelConfig {
  const kernelFunc: KernelFunc = ({ inputs, backend, attrs }) => {
    const { x, dy } = inputs as { x: TensorInfo; dy: TensorInfo };
    const { strides, pad, dataFormat, dimRoundingMode, filterShape } = attrs as unknown as {
      strides: [number, number] | number;
      pad: backend_util.ExplicitPadding | 'same' | 'valid' | number;
      dataFormat: 'NHWC' | 'NCHW';
      dimRoundingMode?: 'floor' | 'round' | 'ceil';
      filterShape: [number, number, number, number];
    };
    if (dataFormat === 'NCHW') throw new Error('Conv2DBackpropFilter (depthkit, wasm): NCHW is not supported');
    const wasm = backend as unknown as WasmBackendLike;
    const info = backend_util.computeConv2DInfo(
      x.shape as [number, number, number, number], filterShape, strides, 1, pad, dimRoundingMode,
    );
    const channelMajor = toChannelMajor(wasm, x);
    const cols = im2colTransposed(wasm, channelMajor, info);
    disposeIntermediate(wasm, channelMajor);
    const [, , , cout] = filterShape;
    const dy2d = reshapeInfo('wasm', wasm, dy, [info.batchSize * info.outHeight * info.outWidth, cout]);
    const product = callKernel('BatchMatMul', 'wasm', wasm, { a: cols, b: dy2d }, {
      transposeA: false,
      transposeB: false,
    });
    disposeIntermediate(wasm, cols);
    disposeIntermediate(wasm, dy2d);
    const dw = reshapeInfo('wasm', wasm, product, [...filterShape]);
    disposeIntermediate(wasm, product);
    return dw;
  };
  return { kernelName: 'Conv2DBackpropFilter', backendName: 'wasm', kernelFunc };
}

/** NHWC → C·N·H·W, so that a row of the im2col matrix is made of contiguous runs. */
function toChannelMajor(backend: WasmBackendLike, x: TensorInfo): TensorInfo {
  const [n, h, w, c] = x.shape;
  const plane = n * h * w;
  return makeFloat32Output(
    backend, [c, plane], (out) => transposeTiled(readFloat32(backend, x), out, plane, c), { zeroed: false },
  );
}

/** [rows, cols] → [cols, rows] in tiles of 64 rows, so writes stay in cache (2× the naive loop). */
function transposeTiled(src: Float32Array, out: Float32Array, rows: number, cols: number): void {
  const tile = 64;
  for (let r0 = 0; r0 < rows; r0 += tile) {
    const r1 = Math.min(rows, r0 + tile);
    for (let c = 0; c < cols; c++) {
      const o = c * rows;
      for (let r = r0, s = r0 * cols + c; r < r1; r++, s += cols) out[o + r] = src[s];
    }
  }
}

function im2colTransposed(
  backend: WasmBackendLike, xT: TensorInfo, info: backend_util.Conv2DInfo,
): TensorInfo {
  const { batchSize: n, inHeight: h, inWidth: w, inChannels: cin, outHeight: ho, outWidth: wo } = info;
  const { filterHeight: kh, filterWidth: kw, strideHeight: sh, strideWidth: sw } = info;
  const { top: pt, left: pl } = info.padInfo;
  const m = n * ho * wo;
  return makeFloat32Output(backend, [kh * kw * cin, m], (cols) => {
    const src = readFloat32(backend, xT);
    // Both matrices live in the same wasm heap: copyWithin on one view is a native memmove
    // with no per-run allocation (subarray() would allocate ~10^5 views per call).
    const heap = new Float32Array(cols.buffer);
    const colsBase = cols.byteOffset >> 2;
    const srcBase = src.byteOffset >> 2;
    for (let i = 0; i < kh; i++) {
      for (let j = 0; j < kw; j++) {
        // Output columns whose input column stays inside the image.
        const oxLo = Math.max(0, Math.ceil((pl - j) / sw));
        const oxHi = Math.min(wo, Math.floor((w - 1 + pl - j) / sw) + 1);
        if (oxHi <= oxLo) {
          cols.fill(0, (i * kw + j) * cin * m, (i * kw + j + 1) * cin * m);
          continue;
        }
        for (let ci = 0; ci < cin; ci++) {
          const row = ((i * kw + j) * cin + ci) * m;
          for (let b = 0; b < n; b++) {
            for (let oy = 0; oy < ho; oy++) {
              const iy = oy * sh - pt + i;
              const dst = row + (b * ho + oy) * wo;
              if (iy < 0 || iy >= h) {
                cols.fill(0, dst, dst + wo);
                continue;
              }
              const srcRow = ((ci * n + b) * h + iy) * w;
              cols.fill(0, dst, dst + oxLo);
              cols.fill(0, dst + oxHi, dst + wo);
              if (sw === 1) {
                const from = srcBase + srcRow + oxLo - pl + j;
                heap.copyWithin(colsBase + dst + oxLo, from, from + oxHi - oxLo);
              } else {
                for (let ox = oxLo; ox < oxHi; ox++) cols[dst + ox] = src[srcRow + ox * sw - pl + j];
              }
            }
          }
        }
      }
    }
  }, { zeroed: false });
}

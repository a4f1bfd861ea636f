import type { KernelConfig, KernelFunc, TensorInfo } from '@tensorflow/tfjs-core';
import { backend_util } from '@tensorflow/tfjs-core';
import {
  callKernel,
  disposeIntermediate,
  heapIndex,
  makeFloat32Output,
  readFloat32,
  reshapeInfo,
  type ConvBackpropAttrs,
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
    const { strides, pad, dataFormat, dimRoundingMode, filterShape, dilations } = attrs as unknown as ConvBackpropAttrs;
    if (dataFormat === 'NCHW') throw new Error('Conv2DBackpropFilter (depthkit, wasm): NCHW is not supported');
    const wasm = backend as unknown as WasmBackendLike;
    const info = backend_util.computeConv2DInfo(
      x.shape as [number, number, number, number], filterShape, strides, dilations ?? 1, pad, dimRoundingMode,
    );
    const [, , , cout] = filterShape;
    const dw = info.strideHeight === 1 && info.strideWidth === 1 && cout < info.inChannels
      ? filterGradByShiftedGradient(wasm, x, dy, info)
      : filterGradByInputColumns(wasm, x, dy, info);
    return dw;
  };
  return { kernelName: 'Conv2DBackpropFilter', backendName: 'wasm', kernelFunc };
}

/**
 * Elements of one im2col chunk: big enough for XNNPACK to run at full speed, small enough that a
 * 2 × 352 × 704 network's largest layer does not need half a gigabyte of the 4 GB wasm heap.
 */
let chunkElements = 32 * 1024 * 1024;

/** Test hook: run `body` with a smaller chunk so that small tensors take the multi-chunk path. */
export function withIm2colChunkElements<T>(elements: number, body: () => T): T {
  const saved = chunkElements;
  chunkElements = elements;
  try {
    return body();
  } finally {
    chunkElements = saved;
  }
}

/** Σ over chunks of a·b, where `operands(start, end)` builds the chunk's matrices. */
function sumOfProducts(
  wasm: WasmBackendLike, rows: number, rowsPerChunk: number,
  operands: (start: number, end: number) => { a: TensorInfo; b: TensorInfo },
): TensorInfo {
  let total: TensorInfo | null = null;
  for (let start = 0; start < rows; start += rowsPerChunk) {
    const { a, b } = operands(start, Math.min(rows, start + rowsPerChunk));
    const product = callKernel('BatchMatMul', 'wasm', wasm, { a, b }, { transposeA: false, transposeB: false });
    disposeIntermediate(wasm, a);
    disposeIntermediate(wasm, b);
    if (total === null) {
      total = product;
    } else {
      const sum = callKernel('Add', 'wasm', wasm, { a: total, b: product });
      disposeIntermediate(wasm, total);
      disposeIntermediate(wasm, product);
      total = sum;
    }
  }
  return total!;
}

/** Rows [start, end) of a row-major [rows, width] tensor: a zero-copy reshape when that is all of it. */
function rowSlice(wasm: WasmBackendLike, x: TensorInfo, width: number, start: number, end: number): TensorInfo {
  const rows = x.shape.reduce((p, d) => p * d, 1) / width;
  if (start === 0 && end === rows) return reshapeInfo('wasm', wasm, x, [rows, width]);
  return makeFloat32Output(wasm, [end - start, width], (out) => {
    out.set(readFloat32(wasm, x).subarray(start * width, end * width));
  }, { zeroed: false });
}

/** dW = colsᵀ(x) · dy: copies kh·kw·cin rows of length n·ho·wo, a band of output rows at a time. */
function filterGradByInputColumns(
  wasm: WasmBackendLike, x: TensorInfo, dy: TensorInfo, info: backend_util.Conv2DInfo,
): TensorInfo {
  const { batchSize: n, outHeight: ho, outWidth: wo, filterHeight: kh, filterWidth: kw, inChannels: cin, outChannels: cout } = info;
  const channelMajor = toChannelMajor(wasm, x);
  const rowsPerChunk = Math.max(1, Math.floor(chunkElements / (kh * kw * cin * wo)));
  const product = sumOfProducts(wasm, n * ho, rowsPerChunk, (start, end) => ({
    a: im2colTransposed(wasm, channelMajor, info, start, end),
    b: rowSlice(wasm, dy, cout, start * wo, end * wo),
  }));
  disposeIntermediate(wasm, channelMajor);
  const dw = reshapeInfo('wasm', wasm, product, [kh, kw, cin, cout]);
  disposeIntermediate(wasm, product);
  return dw;
}

/**
 * The same gradient with the roles swapped, for stride 1: on the padded input grid,
 * dW[i,j,ci,co] = Σ_p xpad[p, ci] · dy[p − (i,j), co], so the shifted copies are of dy
 * (kh·kw·cout rows) rather than of x (kh·kw·cin rows) — half the copying in a decoder, where
 * channels shrink, and 1/cin of it for a final one-channel conv.
 */
function filterGradByShiftedGradient(
  wasm: WasmBackendLike, x: TensorInfo, dy: TensorInfo, info: backend_util.Conv2DInfo,
): TensorInfo {
  const { batchSize: n, inHeight: h, inWidth: w, inChannels: cin, outHeight: ho, outWidth: wo, outChannels: cout } = info;
  const { filterHeight: kh, filterWidth: kw, dilationHeight: dh, dilationWidth: dw } = info;
  const { top: pt, left: pl } = info.padInfo;
  const hp = ho + (kh - 1) * dh;
  const wp = wo + (kw - 1) * dw;
  const plane = n * hp * wp;
  const padded = makeFloat32Output(wasm, [plane, cin], (out) => {
    const src = readFloat32(wasm, x);
    for (let b = 0; b < n; b++) {
      for (let y = 0; y < h; y++) {
        const py = y + pt;
        if (py < 0 || py >= hp) continue;
        const xLo = Math.max(0, -pl);
        const xHi = Math.min(w, wp - pl);
        if (xHi <= xLo) continue;
        const from = ((b * h + y) * w + xLo) * cin;
        out.set(src.subarray(from, from + (xHi - xLo) * cin), ((b * hp + py) * wp + xLo + pl) * cin);
      }
    }
  });
  const dyT = makeFloat32Output(
    wasm, [cout, n * ho * wo], (out) => transposeTiled(readFloat32(wasm, dy), out, n * ho * wo, cout), { zeroed: false },
  );
  // Chunked over rows of the padded grid (g = b·hp + py), so the shifted matrix stays small.
  const gridRows = n * hp;
  const rowsPerChunk = Math.max(1, Math.floor(chunkElements / (kh * kw * cout * wp)));
  const product = sumOfProducts(wasm, gridRows, rowsPerChunk, (g0, g1) => ({
    a: shiftedGradientRows(wasm, dyT, info, hp, wp, g0, g1),
    b: rowSlice(wasm, padded, cin, g0 * wp, g1 * wp),
  }));
  disposeIntermediate(wasm, dyT);
  disposeIntermediate(wasm, padded);
  // [(i, j, co), ci] → [i, j, ci, co]
  const grad = makeFloat32Output(wasm, [kh, kw, cin, cout], (out) => {
    const src = readFloat32(wasm, product);
    for (let t = 0; t < kh * kw; t++) {
      for (let co = 0; co < cout; co++) {
        for (let ci = 0; ci < cin; ci++) out[(t * cin + ci) * cout + co] = src[(t * cout + co) * cin + ci];
      }
    }
  }, { zeroed: false });
  disposeIntermediate(wasm, product);
  return grad;
}

/**
 * Grid rows [g0, g1) of the shifted-gradient matrix: row (i, j, co) holds dy[·, ·, co] placed
 * at offset (i·dh, j·dw) on the padded grid, zeros elsewhere. [kh·kw·cout, (g1 − g0)·wp].
 */
function shiftedGradientRows(
  wasm: WasmBackendLike, dyT: TensorInfo, info: backend_util.Conv2DInfo, hp: number, wp: number, g0: number, g1: number,
): TensorInfo {
  const { batchSize: n, outHeight: ho, outWidth: wo, outChannels: cout, filterHeight: kh, filterWidth: kw } = info;
  const { dilationHeight: dh, dilationWidth: dw } = info;
  const width = (g1 - g0) * wp;
  return makeFloat32Output(wasm, [kh * kw * cout, width], (rows) => {
    const src = readFloat32(wasm, dyT);
    const heap = new Float32Array(rows.buffer);
    const rowsBase = heapIndex(rows);
    const srcBase = heapIndex(src);
    for (let i = 0; i < kh; i++) {
      for (let j = 0; j < kw; j++) {
        for (let co = 0; co < cout; co++) {
          const row = ((i * kw + j) * cout + co) * width;
          for (let b = 0; b < n; b++) {
            // Output rows oy whose grid row b·hp + oy + i·dh falls in [g0, g1).
            const oyLo = Math.max(0, g0 - b * hp - i * dh);
            const oyHi = Math.min(ho, g1 - b * hp - i * dh);
            for (let oy = oyLo; oy < oyHi; oy++) {
              const from = srcBase + ((co * n + b) * ho + oy) * wo;
              heap.copyWithin(rowsBase + row + (b * hp + oy + i * dh - g0) * wp + j * dw, from, from + wo);
            }
          }
        }
      }
    }
  });
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

/** The im2col columns of output rows [rowStart, rowEnd) (row = b·ho + oy), transposed: [kh·kw·cin, rows·wo]. */
function im2colTransposed(
  backend: WasmBackendLike, xT: TensorInfo, info: backend_util.Conv2DInfo, rowStart: number, rowEnd: number,
): TensorInfo {
  const { batchSize: n, inHeight: h, inWidth: w, inChannels: cin, outHeight: ho, outWidth: wo } = info;
  const { filterHeight: kh, filterWidth: kw, strideHeight: sh, strideWidth: sw, dilationHeight: dh, dilationWidth: dw } = info;
  const { top: pt, left: pl } = info.padInfo;
  const m = (rowEnd - rowStart) * wo;
  return makeFloat32Output(backend, [kh * kw * cin, m], (cols) => {
    const src = readFloat32(backend, xT);
    // Both matrices live in the same wasm heap: copyWithin on one view is a native memmove
    // with no per-run allocation (subarray() would allocate ~10^5 views per call).
    const heap = new Float32Array(cols.buffer);
    const colsBase = heapIndex(cols);
    const srcBase = heapIndex(src);
    for (let i = 0; i < kh; i++) {
      for (let j = 0; j < kw; j++) {
        // Output columns whose input column stays inside the image.
        const oxLo = Math.max(0, Math.ceil((pl - j * dw) / sw));
        const oxHi = Math.min(wo, Math.floor((w - 1 + pl - j * dw) / sw) + 1);
        if (oxHi <= oxLo) {
          cols.fill(0, (i * kw + j) * cin * m, (i * kw + j + 1) * cin * m);
          continue;
        }
        for (let ci = 0; ci < cin; ci++) {
          const row = ((i * kw + j) * cin + ci) * m;
          for (let g = rowStart; g < rowEnd; g++) {
            {
              const b = Math.floor(g / ho);
              const oy = g - b * ho;
              const iy = oy * sh - pt + i * dh;
              const dst = row + (g - rowStart) * wo;
              if (iy < 0 || iy >= h) {
                cols.fill(0, dst, dst + wo);
                continue;
              }
              const srcRow = ((ci * n + b) * h + iy) * w;
              cols.fill(0, dst, dst + oxLo);
              cols.fill(0, dst + oxHi, dst + wo);
              if (sw === 1) {
                const from = srcBase + srcRow + oxLo * sw - pl + j * dw;
                heap.copyWithin(colsBase + dst + oxLo, from, from + oxHi - oxLo);
              } else {
                for (let ox = oxLo; ox < oxHi; ox++) cols[dst + ox] = src[srcRow + ox * sw - pl + j * dw];
              }
            }
          }
        }
      }
    }
  }, { zeroed: false });
}

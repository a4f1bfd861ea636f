import type { KernelConfig, KernelFunc, NamedAttrMap, TensorInfo } from '@tensorflow/tfjs-core';
import { backend_util } from '@tensorflow/tfjs-core';
import {
  callKernel,
  disposeIntermediate,
  makeFloat32Output,
  readFloat32,
  type ConvBackpropAttrs,
  type WasmBackendLike,
} from './backend-memory.js';

/**
 * Conv2DBackpropInput for wasm as a forward convolution, the way cuDNN and XNNPACK-based
 * runtimes do it: dx = conv(zero-inserted dy, spatially flipped filter with in/out swapped).
 * The stock wasm kernel is a scalar loop ~13x slower than XNNPACK's convolution.
 */
export function makeConv2DBackpropInputWasm(fallback: KernelFunc | undefined): KernelConfig {
  const kernelFunc: KernelFunc = ({ inputs, backend, attrs }) => {
    const { dy, filter } = inputs as { dy: TensorInfo; filter: TensorInfo };
    const { strides, pad, dataFormat, dimRoundingMode, inputShape, dilations } = attrs as unknown as ConvBackpropAttrs;
    const wasm = backend as unknown as WasmBackendLike;
    const info = backend_util.computeConv2DInfo(
      inputShape, filter.shape as [number, number, number, number], strides, dilations ?? 1, pad,
      dimRoundingMode, false, backend_util.convertConv2DDataFormat(dataFormat),
    );
    const { strideHeight: sh, strideWidth: sw, dilationHeight: dh, dilationWidth: dw } = info;
    // The flipped filter keeps the dilation, so padding is about its effective extent.
    const kh = (info.filterHeight - 1) * dh + 1;
    const kw = (info.filterWidth - 1) * dw + 1;
    const padTop = kh - 1 - info.padInfo.top;
    const padLeft = kw - 1 - info.padInfo.left;
    const upH = (info.outHeight - 1) * sh + 1;
    const upW = (info.outWidth - 1) * sw + 1;
    const padBottom = info.inHeight - upH - padTop + kh - 1;
    const padRight = info.inWidth - upW - padLeft + kw - 1;
    const unsupported = dataFormat === 'NCHW' || padTop < 0 || padLeft < 0 || padBottom < 0 || padRight < 0;
    if (unsupported) {
      if (fallback == null) throw new Error('Conv2DBackpropInput: unsupported padding and no stock kernel');
      return fallback({ inputs, backend, attrs });
    }
    if ((sh > 1 || sw > 1) && dh === 1 && dw === 1) {
      const phased = backpropInputByPhases(wasm, dy, filter, info);
      if (phased != null) return phased;
    }
    const flipped = flipFilter(wasm, filter);
    const upsampled = sh === 1 && sw === 1 ? dy : zeroInsert(wasm, dy, sh, sw, upH, upW);
    const dx = callKernel('Conv2D', 'wasm', wasm, { x: upsampled, filter: flipped }, {
      strides: [1, 1],
      pad: [[0, 0], [padTop, padBottom], [padLeft, padRight], [0, 0]],
      dataFormat: 'NHWC',
      dilations: [dh, dw],
    } as unknown as NamedAttrMap);
    disposeIntermediate(wasm, flipped);
    if (upsampled !== dy) disposeIntermediate(wasm, upsampled);
    return dx;
  };
  return { kernelName: 'Conv2DBackpropInput', backendName: 'wasm', kernelFunc };
}

/** Geometry of one output phase along one axis: which rows of dx a sub-filter produces. */
interface AxisPhase {
  /** Taps of the sub-filter: original kernel indices a, a + s, a + 2s, … */
  taps: number;
  first: number;
  count: number;
  padBefore: number;
  padAfter: number;
}

function axisPhase(a: number, k: number, s: number, pad: number, inSize: number, outSize: number): AxisPhase | null {
  const taps = Math.ceil((k - a) / s);
  // dx row y = u·s + a − pad for phase u; keep the u's that land inside [0, inSize).
  const first = Math.ceil((pad - a) / s);
  const last = Math.floor((inSize - 1 + pad - a) / s);
  const count = last - first + 1;
  if (taps <= 0 || count <= 0) return { taps: 0, first, count: Math.max(0, count), padBefore: 0, padAfter: 0 };
  const padBefore = taps - 1 - first;
  const padAfter = count + taps - 1 - padBefore - outSize;
  if (padBefore < 0 || padAfter < 0) return null;
  return { taps, first, count, padBefore, padAfter };
}

/**
 * A strided conv's input gradient as s² stride-1 convolutions, one per output phase, each with
 * the sub-filter of taps congruent to that phase (the "sub-pixel" form): the zero-inserted
 * formulation spends (s² − 1)/s² of its multiplications on zeros. Null when the padding is
 * unusual enough that the general path should handle it.
 */
function backpropInputByPhases(
  backend: WasmBackendLike, dy: TensorInfo, filter: TensorInfo, info: backend_util.Conv2DInfo,
): TensorInfo | null {
  const { filterHeight: kh, filterWidth: kw, strideHeight: sh, strideWidth: sw } = info;
  const { inHeight: h, inWidth: w, batchSize: n, inChannels: cin, outHeight: ho, outWidth: wo } = info;
  const rows: AxisPhase[] = [];
  const cols: AxisPhase[] = [];
  for (let a = 0; a < sh; a++) {
    const p = axisPhase(a, kh, sh, info.padInfo.top, h, ho);
    if (p == null) return null;
    rows.push(p);
  }
  for (let b = 0; b < sw; b++) {
    const p = axisPhase(b, kw, sw, info.padInfo.left, w, wo);
    if (p == null) return null;
    cols.push(p);
  }
  const parts: { a: number; b: number; out: TensorInfo }[] = [];
  for (let a = 0; a < sh; a++) {
    for (let b = 0; b < sw; b++) {
      const r = rows[a];
      const c = cols[b];
      if (r.taps === 0 || c.taps === 0 || r.count === 0 || c.count === 0) continue;
      const sub = flippedSubFilter(backend, filter, a, b, sh, sw, r.taps, c.taps);
      const out = callKernel('Conv2D', 'wasm', backend, { x: dy, filter: sub }, {
        strides: [1, 1],
        pad: [[0, 0], [r.padBefore, r.padAfter], [c.padBefore, c.padAfter], [0, 0]],
        dataFormat: 'NHWC',
        dilations: [1, 1],
      } as unknown as NamedAttrMap);
      disposeIntermediate(backend, sub);
      parts.push({ a, b, out });
    }
  }
  const dx = makeFloat32Output(backend, [n, h, w, cin], (dst) => {
    for (const { a, b, out } of parts) {
      const r = rows[a];
      const c = cols[b];
      const src = readFloat32(backend, out);
      for (let bi = 0; bi < n; bi++) {
        for (let u = 0; u < r.count; u++) {
          const y = (u + r.first) * sh + a - info.padInfo.top;
          for (let v = 0; v < c.count; v++) {
            const x = (v + c.first) * sw + b - info.padInfo.left;
            const from = ((bi * r.count + u) * c.count + v) * cin;
            const to = ((bi * h + y) * w + x) * cin;
            for (let ch = 0; ch < cin; ch++) dst[to + ch] = src[from + ch];
          }
        }
      }
    }
  });
  for (const { out } of parts) disposeIntermediate(backend, out);
  return dx;
}

/** Taps (a + s·q, b + s·r) of a [kh, kw, cin, cout] filter, rotated 180° and in/out swapped. */
function flippedSubFilter(
  backend: WasmBackendLike, filter: TensorInfo, a: number, b: number, sh: number, sw: number, th: number, tw: number,
): TensorInfo {
  const [, kw, cin, cout] = filter.shape;
  return makeFloat32Output(backend, [th, tw, cout, cin], (out) => {
    const wt = readFloat32(backend, filter);
    for (let q = 0; q < th; q++) {
      for (let r = 0; r < tw; r++) {
        const src = ((a + sh * q) * kw + (b + sw * r)) * cin * cout;
        const dst = ((th - 1 - q) * tw + (tw - 1 - r)) * cout * cin;
        for (let ci = 0; ci < cin; ci++) {
          for (let co = 0; co < cout; co++) out[dst + co * cin + ci] = wt[src + ci * cout + co];
        }
      }
    }
  });
}

/** [kh, kw, cin, cout] → [kh, kw, cout, cin], rotated by 180°. */
function flipFilter(backend: WasmBackendLike, filter: TensorInfo): TensorInfo {
  const [kh, kw, cin, cout] = filter.shape;
  return makeFloat32Output(backend, [kh, kw, cout, cin], (out) => {
    const w = readFloat32(backend, filter);
    for (let i = 0; i < kh; i++) {
      for (let j = 0; j < kw; j++) {
        const src = (i * kw + j) * cin * cout;
        const dst = ((kh - 1 - i) * kw + (kw - 1 - j)) * cout * cin;
        for (let ci = 0; ci < cin; ci++) {
          for (let co = 0; co < cout; co++) out[dst + co * cin + ci] = w[src + ci * cout + co];
        }
      }
    }
  });
}

/** Spreads dy onto a stride-1 grid with zeros between samples (a strided conv's adjoint). */
function zeroInsert(
  backend: WasmBackendLike, dy: TensorInfo, sh: number, sw: number, upH: number, upW: number,
): TensorInfo {
  const [n, h, w, c] = dy.shape;
  return makeFloat32Output(backend, [n, upH, upW, c], (out) => {
    const src = readFloat32(backend, dy);
    for (let b = 0; b < n; b++) {
      for (let y = 0; y < h; y++) {
        for (let x = 0; x < w; x++) {
          const from = ((b * h + y) * w + x) * c;
          const to = ((b * upH + y * sh) * upW + x * sw) * c;
          out.set(src.subarray(from, from + c), to);
        }
      }
    }
  });
}

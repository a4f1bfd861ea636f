import type { KernelConfig, KernelFunc, NamedAttrMap, TensorInfo } from '@tensorflow/tfjs-core';
import { backend_util } from '@tensorflow/tfjs-core';
import {
  callKernel,
  disposeIntermediate,
  makeFloat32Output,
  readFloat32,
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
    const { strides, pad, dataFormat, dimRoundingMode, inputShape } = attrs as unknown as {
      strides: [number, number] | number;
      pad: backend_util.ExplicitPadding | 'same' | 'valid' | number;
      dataFormat: 'NHWC' | 'NCHW';
      dimRoundingMode?: 'floor' | 'round' | 'ceil';
      inputShape: [number, number, number, number];
    };
    const wasm = backend as unknown as WasmBackendLike;
    const info = backend_util.computeConv2DInfo(
      inputShape, filter.shape as [number, number, number, number], strides, 1, pad,
      dimRoundingMode, false, backend_util.convertConv2DDataFormat(dataFormat),
    );
    const { filterHeight: kh, filterWidth: kw, strideHeight: sh, strideWidth: sw } = info;
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
    const flipped = flipFilter(wasm, filter);
    const upsampled = sh === 1 && sw === 1 ? dy : zeroInsert(wasm, dy, sh, sw, upH, upW);
    const dx = callKernel('Conv2D', 'wasm', wasm, { x: upsampled, filter: flipped }, {
      strides: [1, 1],
      pad: [[0, 0], [padTop, padBottom], [padLeft, padRight], [0, 0]],
      dataFormat: 'NHWC',
      dilations: [1, 1],
    } as unknown as NamedAttrMap);
    disposeIntermediate(wasm, flipped);
    if (upsampled !== dy) disposeIntermediate(wasm, upsampled);
    return dx;
  };
  return { kernelName: 'Conv2DBackpropInput', backendName: 'wasm', kernelFunc };
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

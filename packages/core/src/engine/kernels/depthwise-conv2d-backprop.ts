import type { KernelConfig, KernelFunc, TensorInfo } from '@tensorflow/tfjs-core';
import { backend_util } from '@tensorflow/tfjs-core';
import { makeFloat32Output, readFloat32, type WasmBackendLike } from './backend-memory.js';

interface DepthwiseAttrs {
  strides: [number, number] | number;
  pad: backend_util.ExplicitPadding | 'same' | 'valid' | number;
  dilations: [number, number] | number;
  dimRoundingMode?: 'floor' | 'round' | 'ceil';
}

/**
 * Walks every (output pixel, filter tap) pair of a depthwise convolution once, calling
 * `visit(xOffset, dyOffset, tapOffset)` with the flat offsets of the channel-0 elements.
 * Both backward kernels are this walk with a different inner update over channels.
 */
function forEachTap(
  info: backend_util.Conv2DInfo,
  visit: (xOffset: number, dyOffset: number, tapOffset: number) => void,
): void {
  const { batchSize: n, inHeight: h, inWidth: w, inChannels: cin, outHeight: ho, outWidth: wo } = info;
  const { filterHeight: kh, filterWidth: kw, strideHeight: sh, strideWidth: sw } = info;
  const { dilationHeight: dh, dilationWidth: dw, outChannels: cout } = info;
  const { top: pt, left: pl } = info.padInfo;
  for (let b = 0; b < n; b++) {
    for (let oy = 0; oy < ho; oy++) {
      for (let i = 0; i < kh; i++) {
        const iy = oy * sh - pt + i * dh;
        if (iy < 0 || iy >= h) continue;
        for (let ox = 0; ox < wo; ox++) {
          const dyOffset = ((b * ho + oy) * wo + ox) * cout;
          for (let j = 0; j < kw; j++) {
            const ix = ox * sw - pl + j * dw;
            if (ix < 0 || ix >= w) continue;
            visit(((b * h + iy) * w + ix) * cin, dyOffset, (i * kw + j) * cout);
          }
        }
      }
    }
  }
}

function depthwiseInfo(xShape: number[], filterShape: number[], attrs: DepthwiseAttrs) {
  return backend_util.computeConv2DInfo(
    xShape as [number, number, number, number], filterShape as [number, number, number, number],
    attrs.strides, attrs.dilations ?? 1, attrs.pad, attrs.dimRoundingMode, true,
  );
}

/** The wasm backend has no DepthwiseConv2dNativeBackpropInput; this is the scatter form. */
export function makeDepthwiseBackpropInputWasm(): KernelConfig {
  const kernelFunc: KernelFunc = ({ inputs, backend, attrs }) => {
    const { dy, filter } = inputs as { dy: TensorInfo; filter: TensorInfo };
    const a = attrs as unknown as DepthwiseAttrs & { inputShape: number[] };
    const wasm = backend as unknown as WasmBackendLike;
    const info = depthwiseInfo(a.inputShape, filter.shape, a);
    const { inChannels: cin, outChannels: cout } = info;
    const mult = cout / cin;
    return makeFloat32Output(wasm, a.inputShape, (dx) => {
      const g = readFloat32(wasm, dy);
      const wt = readFloat32(wasm, filter);
      forEachTap(info, (xo, dyo, to) => {
        for (let c = 0; c < cin; c++) {
          let acc = 0;
          for (let q = 0; q < mult; q++) acc += wt[to + c * mult + q] * g[dyo + c * mult + q];
          dx[xo + c] += acc;
        }
      });
    });
  };
  return { kernelName: 'DepthwiseConv2dNativeBackpropInput', backendName: 'wasm', kernelFunc };
}

/** The wasm backend has no DepthwiseConv2dNativeBackpropFilter; this is the correlation form. */
export function makeDepthwiseBackpropFilterWasm(): KernelConfig {
  const kernelFunc: KernelFunc = ({ inputs, backend, attrs }) => {
    const { x, dy } = inputs as { x: TensorInfo; dy: TensorInfo };
    const a = attrs as unknown as DepthwiseAttrs & { filterShape: number[] };
    const wasm = backend as unknown as WasmBackendLike;
    const info = depthwiseInfo(x.shape, a.filterShape, a);
    const { inChannels: cin, outChannels: cout } = info;
    const mult = cout / cin;
    return makeFloat32Output(wasm, a.filterShape, (dw) => {
      const xs = readFloat32(wasm, x);
      const g = readFloat32(wasm, dy);
      forEachTap(info, (xo, dyo, to) => {
        for (let c = 0; c < cin; c++) {
          const xv = xs[xo + c];
          for (let q = 0; q < mult; q++) dw[to + c * mult + q] += xv * g[dyo + c * mult + q];
        }
      });
    });
  };
  return { kernelName: 'DepthwiseConv2dNativeBackpropFilter', backendName: 'wasm', kernelFunc };
}

import type { KernelConfig, KernelFunc, TensorInfo } from '@tensorflow/tfjs-core';
import { makeFloat32Output, readFloat32, type AnyBackend, type BackendName } from './backend-memory.js';

/**
 * Source coordinates of a resize, exactly as tfjs's forward ResizeBilinear computes them, so
 * that the gradient below is the forward's true adjoint.
 */
function sourceTaps(inSize: number, outSize: number, alignCorners: boolean, halfPixel: boolean) {
  const ratio = alignCorners && outSize > 1 ? (inSize - 1) / (outSize - 1) : inSize / outSize;
  const lo = new Int32Array(outSize);
  const hi = new Int32Array(outSize);
  const frac = new Float32Array(outSize);
  for (let o = 0; o < outSize; o++) {
    const src = halfPixel ? ratio * (o + 0.5) - 0.5 : ratio * o;
    lo[o] = Math.max(0, Math.floor(src));
    hi[o] = Math.min(inSize - 1, Math.ceil(src));
    frac[o] = src - lo[o];
  }
  return { lo, hi, frac };
}

/**
 * ResizeBilinearGrad for cpu and wasm. The stock kernels of both ignore `halfPixelCenters`
 * (the PyTorch align_corners=False convention), and cpu's returns [b, w, h, c] for
 * non-square images.
 */
export function makeResizeBilinearGrad(backendName: BackendName): KernelConfig {
  const kernelFunc: KernelFunc = ({ inputs, backend, attrs }) => {
    const { images, dy } = inputs as { images: TensorInfo; dy: TensorInfo };
    const { alignCorners, halfPixelCenters } = attrs as unknown as {
      alignCorners: boolean;
      halfPixelCenters?: boolean;
    };
    const b = backend as unknown as AnyBackend;
    const [n, h, w, c] = images.shape;
    const [, oh, ow] = dy.shape;
    const rows = sourceTaps(h, oh, alignCorners, halfPixelCenters === true);
    const cols = sourceTaps(w, ow, alignCorners, halfPixelCenters === true);
    return makeFloat32Output(b, [n, h, w, c], (dx) => {
      const g = readFloat32(b, dy);
      for (let bi = 0; bi < n; bi++) {
        for (let y = 0; y < oh; y++) {
          const rf = rows.frac[y];
          const top = (bi * h + rows.lo[y]) * w;
          const bot = (bi * h + rows.hi[y]) * w;
          for (let x = 0; x < ow; x++) {
            const cf = cols.frac[x];
            const tl = (top + cols.lo[x]) * c;
            const tr = (top + cols.hi[x]) * c;
            const bl = (bot + cols.lo[x]) * c;
            const br = (bot + cols.hi[x]) * c;
            const wtl = (1 - rf) * (1 - cf);
            const wtr = (1 - rf) * cf;
            const wbl = rf * (1 - cf);
            const wbr = rf * cf;
            const go = ((bi * oh + y) * ow + x) * c;
            for (let ch = 0; ch < c; ch++) {
              const v = g[go + ch];
              dx[tl + ch] += v * wtl;
              dx[tr + ch] += v * wtr;
              dx[bl + ch] += v * wbl;
              dx[br + ch] += v * wbr;
            }
          }
        }
      }
    });
  };
  return { kernelName: 'ResizeBilinearGrad', backendName, kernelFunc };
}

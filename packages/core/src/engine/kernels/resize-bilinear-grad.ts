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
    // Bilinear interpolation is separable, so is its adjoint: first fold dy's columns onto the
    // input columns (oh × w), then its rows onto the input rows. Two 2-tap passes over
    // contiguous rows instead of four scattered accumulations per element.
    const folded = new Float32Array(n * oh * w * c);
    const g = readFloat32(b, dy);
    for (let r = 0; r < n * oh; r++) {
      const from = r * ow * c;
      const to = r * w * c;
      for (let x = 0; x < ow; x++) {
        const cf = cols.frac[x];
        const lo = to + cols.lo[x] * c;
        const hi = to + cols.hi[x] * c;
        const go = from + x * c;
        for (let ch = 0; ch < c; ch++) {
          const v = g[go + ch];
          folded[lo + ch] += v * (1 - cf);
          folded[hi + ch] += v * cf;
        }
      }
    }
    const rowLength = w * c;
    return makeFloat32Output(b, [n, h, w, c], (dx) => {
      for (let bi = 0; bi < n; bi++) {
        for (let y = 0; y < oh; y++) {
          const rf = rows.frac[y];
          const src = (bi * oh + y) * rowLength;
          const top = (bi * h + rows.lo[y]) * rowLength;
          const bot = (bi * h + rows.hi[y]) * rowLength;
          for (let k = 0; k < rowLength; k++) {
            const v = folded[src + k];
            dx[top + k] += v * (1 - rf);
            dx[bot + k] += v * rf;
          }
        }
      }
    });
  };
  return { kernelName: 'ResizeBilinearGrad', backendName, kernelFunc };
}

/**
 * Bilinear resize of a single-channel map with half-pixel centres: output pixel x samples the
 * input at (x + 0.5)·(inW/outW) − 0.5, clamped at 0 and at the last pixel. That is PyTorch's
 * F.interpolate(mode='bilinear', align_corners=False) without antialiasing, cv2.resize
 * INTER_LINEAR on float images and tf.image.resize(method='bilinear') — the three resizes
 * published evaluation code uses to bring a prediction to GT size. With `alignCorners`, output
 * pixel x samples the input at x·(inW − 1)/(outW − 1): torch's align_corners=True (AdaBins,
 * ZoeDepth, Depth Anything V2). Weights in float64.
 */
export function resizeBilinear(
  src: Float32Array,
  inHeight: number,
  inWidth: number,
  outHeight: number,
  outWidth: number,
  out: Float32Array = new Float32Array(outHeight * outWidth),
  alignCorners = false,
): Float32Array {
  if (src.length !== inHeight * inWidth) {
    throw new Error(`resizeBilinear: expected ${inHeight}×${inWidth} values, found ${src.length}`);
  }
  if (out.length < outHeight * outWidth) {
    throw new Error(`resizeBilinear: output buffer holds ${out.length} values, needs ${outHeight * outWidth}`);
  }
  const xs = samplePositions(inWidth, outWidth, alignCorners);
  const ys = samplePositions(inHeight, outHeight, alignCorners);
  for (let y = 0; y < outHeight; y++) {
    const row0 = ys.i0[y] * inWidth;
    const row1 = ys.i1[y] * inWidth;
    const fy = ys.f[y];
    const base = y * outWidth;
    for (let x = 0; x < outWidth; x++) {
      const x0 = xs.i0[x];
      const x1 = xs.i1[x];
      const fx = xs.f[x];
      const top = src[row0 + x0] + (src[row0 + x1] - src[row0 + x0]) * fx;
      const bottom = src[row1 + x0] + (src[row1 + x1] - src[row1 + x0]) * fx;
      out[base + x] = top + (bottom - top) * fy;
    }
  }
  return out;
}

interface Positions {
  i0: Int32Array;
  i1: Int32Array;
  f: Float64Array;
}

function samplePositions(inSize: number, outSize: number, alignCorners: boolean): Positions {
  const scale = alignCorners ? (outSize > 1 ? (inSize - 1) / (outSize - 1) : 0) : inSize / outSize;
  const p: Positions = { i0: new Int32Array(outSize), i1: new Int32Array(outSize), f: new Float64Array(outSize) };
  for (let o = 0; o < outSize; o++) {
    const s = alignCorners ? o * scale : Math.max(0, (o + 0.5) * scale - 0.5);
    const i0 = Math.min(Math.floor(s), inSize - 1);
    p.i0[o] = i0;
    p.i1[o] = Math.min(i0 + 1, inSize - 1);
    p.f[o] = i0 === inSize - 1 ? 0 : s - i0;
  }
  return p;
}

/** torch F.interpolate(mode='nearest'): output pixel x takes input floor(x · inW/outW). */
export function resizeNearest(
  src: Float32Array,
  inHeight: number,
  inWidth: number,
  outHeight: number,
  outWidth: number,
  out: Float32Array = new Float32Array(outHeight * outWidth),
): Float32Array {
  if (src.length !== inHeight * inWidth) {
    throw new Error(`resizeNearest: expected ${inHeight}×${inWidth} values, found ${src.length}`);
  }
  const col = new Int32Array(outWidth);
  for (let x = 0; x < outWidth; x++) col[x] = Math.min(Math.floor((x * inWidth) / outWidth), inWidth - 1);
  for (let y = 0; y < outHeight; y++) {
    const row = Math.min(Math.floor((y * inHeight) / outHeight), inHeight - 1) * inWidth;
    for (let x = 0; x < outWidth; x++) out[y * outWidth + x] = src[row + col[x]];
  }
  return out;
}

import type { TrainSample } from '../train-sample.js';

/**
 * Test-only: a sample whose every map encodes the source pixel it came from — depth = y·W + x + 1
 * (exact in float32 below 2^24), labels the same modulo 2^16, RGB = (y mod 256, x mod 256,
 * 16·(y div 256) + x div 256) — so after any geometric step each output pixel names its origin.
 */
export function coordinateSample(height: number, width: number, id = 'coords'): TrainSample {
  const n = height * width;
  const rgb = new Uint8Array(n * 3);
  const depth = new Float32Array(n);
  const labels = new Uint16Array(n);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const i = y * width + x;
      rgb.set([y & 255, x & 255, ((y >> 8) << 4) | (x >> 8)], i * 3);
      depth[i] = i + 1;
      labels[i] = (i + 1) & 0xffff;
    }
  }
  return {
    id,
    rgb: { width, height, data: rgb },
    depth: { width, height, data: depth },
    labels: { width, height, data: labels },
    intrinsics: { fx: 100, fy: 100, cx: width / 2, cy: height / 2 },
  };
}

/** The source (y, x) a coordinate sample's RGB pixel names. */
export function rgbOrigin(sample: TrainSample, i: number): [number, number] {
  const d = sample.rgb.data;
  return [d[i * 3] | ((d[i * 3 + 2] >> 4) << 8), d[i * 3 + 1] | ((d[i * 3 + 2] & 15) << 8)];
}

/** The source (y, x) a coordinate sample's depth pixel names, or undefined for 0 (no depth). */
export function depthOrigin(sample: TrainSample, i: number, sourceWidth: number): [number, number] | undefined {
  const v = sample.depth!.data[i];
  if (v === 0) return undefined;
  return [Math.floor((v - 1) / sourceWidth), (v - 1) % sourceWidth];
}

import { readFile } from 'node:fs/promises';
import type { DepthMap } from '../../io/image-types.js';
import type { KittiCalibration } from './calibration.js';

/** A KITTI velodyne scan: float32 (x, y, z, reflectance) per point, little-endian. */
export async function readVelodyneBin(file: string): Promise<Float32Array> {
  let bytes: Buffer;
  try {
    bytes = await readFile(file);
  } catch {
    throw new Error(`${file}: missing velodyne scan (no such file)`);
  }
  if (bytes.length === 0 || bytes.length % 16 !== 0) {
    throw new Error(`${file}: expected a velodyne .bin of float32 x, y, z, reflectance (a multiple of 16 bytes), found ${bytes.length} bytes`);
  }
  const copy = new Uint8Array(bytes); // aligned copy: Buffer pool slices need not be 4-byte aligned
  return new Float32Array(copy.buffer, 0, bytes.length / 4);
}

export interface ProjectOptions {
  /** Store the velodyne x (forward range) instead of camera z; monodepth2's Eigen GT uses it. */
  velDepth?: boolean;
}

export interface ProjectedDepth {
  depth: DepthMap;
  /** Points in front (x ≥ 0) that landed inside the image, before per-pixel de-duplication. */
  pointsInImage: number;
  /** Pixels holding a depth > 0. */
  pixels: number;
}

/** numpy's round: halves go to the even neighbour. */
function roundHalfEven(v: number): number {
  const r = Math.round(v);
  return r - v === 0.5 && r % 2 !== 0 ? r - 1 : r;
}

/** P_rect · R_rect_00 (as 4×4) · [R|T] (as 4×4): velodyne → image, 3×4 row-major. */
export function veloToImageMatrix(calib: KittiCalibration): number[] {
  const rect = [...calib.rRect00.slice(0, 3), 0, ...calib.rRect00.slice(3, 6), 0, ...calib.rRect00.slice(6, 9), 0, 0, 0, 0, 1];
  const R = calib.veloToCamR;
  const T = calib.veloToCamT;
  const velo = [R[0], R[1], R[2], T[0], R[3], R[4], R[5], T[1], R[6], R[7], R[8], T[2], 0, 0, 0, 1];
  return matMul(matMul(calib.pRect, 3, 4, rect, 4), 3, 4, velo, 4);
}

function matMul(a: number[], rows: number, inner: number, b: number[], cols: number): number[] {
  const out = new Array<number>(rows * cols).fill(0);
  for (let i = 0; i < rows; i++) {
    for (let j = 0; j < cols; j++) {
      let s = 0;
      for (let k = 0; k < inner; k++) s += a[i * inner + k] * b[k * cols + j];
      out[i * cols + j] = s;
    }
  }
  return out;
}

/**
 * A velodyne scan as a sparse depth map, following monodepth2's generate_depth_map (kitti_utils.py):
 * keep x ≥ 0, project, pixel = round(u/w) − 1 and round(v/w) − 1 (numpy rounding), keep
 * in-bounds points, the smallest depth wins a shared pixel, negative depths become 0.
 */
export function projectVelodyne(points: Float32Array, calib: KittiCalibration, options: ProjectOptions = {}): ProjectedDepth {
  const { width, height } = calib;
  const P = veloToImageMatrix(calib);
  const best = new Float64Array(width * height).fill(Number.POSITIVE_INFINITY);
  let pointsInImage = 0;
  for (let p = 0; p < points.length; p += 4) {
    const x = points[p];
    if (!(x >= 0)) continue;
    const y = points[p + 1];
    const z = points[p + 2];
    const u = P[0] * x + P[1] * y + P[2] * z + P[3];
    const v = P[4] * x + P[5] * y + P[6] * z + P[7];
    const w = P[8] * x + P[9] * y + P[10] * z + P[11];
    const col = roundHalfEven(u / w) - 1;
    const row = roundHalfEven(v / w) - 1;
    if (!(col >= 0 && row >= 0 && col < width && row < height)) continue;
    pointsInImage++;
    const d = options.velDepth ? x : w;
    const i = row * width + col;
    if (d < best[i]) best[i] = d;
  }
  const data = new Float32Array(width * height);
  let pixels = 0;
  for (let i = 0; i < best.length; i++) {
    if (best[i] !== Number.POSITIVE_INFINITY && best[i] > 0) {
      data[i] = best[i];
      pixels++;
    }
  }
  return { depth: { width, height, data }, pointsInImage, pixels };
}

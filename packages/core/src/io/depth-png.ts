import type { DepthMap, Png16Image } from './image-types.js';
import { readGray16Png } from './read-image.js';
import { writePng16 } from './write-image.js';

/** Stored value ÷ scale = metres; a stored 0 stays 0 (no measurement). */
export function decodeDepth(png: Png16Image, depthScale: number): DepthMap {
  const data = new Float32Array(png.width * png.height);
  for (let i = 0; i < data.length; i++) data[i] = png.data[i] / depthScale;
  return { width: png.width, height: png.height, data };
}

/**
 * metres × scale, rounded and clamped to what 16 bits hold; non-finite and non-positive depths
 * become 0, the "no measurement" value every depth PNG format here shares.
 */
export function encodeDepth(depth: DepthMap, depthScale: number): Png16Image {
  const data = new Uint16Array(depth.width * depth.height);
  for (let i = 0; i < data.length; i++) {
    const d = depth.data[i];
    data[i] = Number.isFinite(d) && d > 0 ? Math.min(65535, Math.round(d * depthScale)) : 0;
  }
  return { width: depth.width, height: depth.height, channels: 1, data };
}

/** Reads a single-channel 16-bit depth PNG (KITTI: scale 256, NYU: 1000) in metres. */
export async function readDepthPng(file: string, depthScale: number, what = 'a 16-bit depth PNG'): Promise<DepthMap> {
  return decodeDepth(await readGray16Png(file, what), depthScale);
}

/** Writes depth in metres as a 16-bit PNG of depth × scale, atomically. */
export async function writeDepthPng(file: string, depth: DepthMap, depthScale: number): Promise<void> {
  if (depth.data.length !== depth.width * depth.height) {
    throw new Error(`${file}: depth map ${depth.width}×${depth.height} has ${depth.data.length} values`);
  }
  await writePng16(file, encodeDepth(depth, depthScale));
}

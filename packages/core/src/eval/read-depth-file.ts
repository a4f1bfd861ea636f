import path from 'node:path';
import type { DepthMap } from '../io/image-types.js';
import { readNpyDepth } from './read-npy.js';
import { readPng16Depth } from './read-png16-depth.js';

export const depthFileExtensions = ['.png', '.npy'] as const;

/**
 * A depth map in metres from either format evaluation accepts: a 16-bit PNG of
 * depth × depthScale (KITTI 256, NYU 1000 — the protocol's dataset decides) or a float32 .npy
 * already in metres.
 */
export async function readDepthFile(file: string, depthScale: number): Promise<DepthMap> {
  const ext = path.extname(file).toLowerCase();
  if (ext === '.png') return readPng16Depth(file, depthScale);
  if (ext === '.npy') return readNpyDepth(file);
  throw new Error(`${file}: expected a 16-bit depth PNG or a float32 .npy, found a '${ext || 'no'}' extension`);
}

import type { PreparedSample } from './batch.js';
import { normaliseInto } from './normalise.js';

export interface PlaneOptions {
  tables: Float32Array[];
  validDepth: { min: number; max: number };
}

/** 1 where a depth lies strictly inside the valid range, else 0. */
export function validity(depth: Float32Array, range: { min: number; max: number }): Float32Array {
  const mask = new Float32Array(depth.length);
  for (let i = 0; i < depth.length; i++) mask[i] = depth[i] > range.min && depth[i] < range.max ? 1 : 0;
  return mask;
}

/**
 * A worker's share of batch assembly: the normalised image and the validity mask of one sample,
 * the same values assembleBatch would compute, so the consumer's thread only copies them in.
 */
export function withBatchPlanes(prepared: PreparedSample, options: PlaneOptions): PreparedSample {
  const { rgb, depth } = prepared.sample;
  const normalised = new Float32Array(rgb.data.length);
  normaliseInto(normalised, 0, rgb.data, options.tables);
  return { ...prepared, normalised, ...(depth ? { mask: validity(depth.data, options.validDepth) } : {}) };
}

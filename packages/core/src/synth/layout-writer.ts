import type { Intrinsics } from '../datasets/spec.js';
import type { Rng } from './prng.js';
import type { Rendering } from './ray-cast.js';
import type { PlacedScene } from './street-scene.js';

export type SynthLayout = 'kitti' | 'nyu' | 'synthia';
export type SynthSplit = 'train' | 'test';

/** What one dataset layout contributes: its camera, its kind of scene and its files. */
export interface LayoutWriter {
  width: number;
  height: number;
  intrinsics: Intrinsics;
  /** The list `--split` fills, in the real dataset's line format. */
  splitFile: string;
  /** Files shared by all frames (KITTI's calibration), written before any frame. */
  prepare(): Promise<void>;
  scene(rng: Rng): PlacedScene;
  /** Writes frame `index` and returns its split-list line. */
  write(index: number, rendering: Rendering): Promise<string>;
}

/** Class id per pixel through a material → class table. */
export function classMap(rendering: Rendering, table: Uint16Array): Uint16Array {
  return Uint16Array.from(rendering.material, (m) => table[m]);
}

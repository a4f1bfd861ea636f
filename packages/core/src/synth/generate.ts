import { kittiSpec } from '../datasets/kitti-spec.js';
import { nyuSpec } from '../datasets/nyu-spec.js';
import { synthiaSpec } from '../datasets/synthia-spec.js';
import type { DatasetSpec } from '../datasets/spec.js';
import { writeFileAtomic } from '../fs/write-file-atomic.js';
import { kittiWriter } from './kitti-writer.js';
import type { LayoutWriter, SynthLayout, SynthSplit } from './layout-writer.js';
import { nyuWriter } from './nyu-writer.js';
import { hashInts, Rng } from './prng.js';
import { renderScene, type Rendering } from './ray-cast.js';
import { synthiaWriter } from './synthia-writer.js';

export const synthLayouts: Record<SynthLayout, DatasetSpec> = { kitti: kittiSpec, nyu: nyuSpec, synthia: synthiaSpec };

export interface SynthOptions {
  layout: SynthLayout;
  out: string;
  count: number;
  seed: number;
  split: SynthSplit;
  /** [width, height]; default the dataset's native size. */
  size?: [number, number];
  /** KITTI: benchmark GT at every pixel instead of along scan lines. */
  denseGroundTruth?: boolean;
  onFrame?: (done: number, count: number) => void;
}

export interface SynthSummary {
  layout: SynthLayout;
  split: SynthSplit;
  count: number;
  width: number;
  height: number;
  /** The split list written, one line per frame. */
  splitFile: string;
}

/** The dataset's native [width, height]. */
export function nativeSize(layout: SynthLayout): [number, number] {
  const [height, width] = synthLayouts[layout].resolution.native;
  return [width, height];
}

/** Frame `index` of a split: its scene depends only on (seed, split, index). */
export function renderSynthFrame(writer: LayoutWriter, seed: number, split: SynthSplit, index: number): Rendering {
  const placed = writer.scene(new Rng(hashInts(seed, split === 'train' ? 1 : 2, index)));
  return renderScene(placed.scene, { width: writer.width, height: writer.height, intrinsics: writer.intrinsics, ...placed });
}

export function writerFor(options: SynthOptions, width: number, height: number): LayoutWriter {
  const common = { out: options.out, split: options.split, width, height };
  if (options.layout === 'kitti') return kittiWriter({ ...common, denseGroundTruth: options.denseGroundTruth });
  if (options.layout === 'nyu') return nyuWriter(common);
  if (options.layout === 'synthia') return synthiaWriter(common);
  throw new Error(`synth: expected layout kitti, nyu or synthia, found '${String(options.layout)}'`);
}

function check(options: SynthOptions): void {
  if (!Number.isInteger(options.count) || options.count < 1) throw new Error(`synth: expected a count ≥ 1, found ${options.count}`);
  if (!Number.isInteger(options.seed)) throw new Error(`synth: expected an integer seed, found ${options.seed}`);
  if (options.split !== 'train' && options.split !== 'test') throw new Error(`synth: expected split train or test, found '${String(options.split)}'`);
  if (!options.size) return;
  const [w, h] = options.size;
  if (!Number.isInteger(w) || !Number.isInteger(h) || w < 8 || h < 8 || w > 8192 || h > 8192) {
    throw new Error(`synth: expected a size between 8×8 and 8192×8192, found ${w}×${h}`);
  }
}

/**
 * Renders `count` procedural frames into the real dataset's layout and writes the split list.
 * Frame i's scene depends only on (seed, split, i), so outputs are reproducible byte for byte and
 * a larger count extends a smaller one. Frame i+1 renders while frame i is being encoded.
 */
export async function generateSynthDataset(options: SynthOptions): Promise<SynthSummary> {
  check(options);
  const [width, height] = options.size ?? nativeSize(options.layout);
  const writer = writerFor(options, width, height);
  await writer.prepare();
  const lines: string[] = [];
  let pending: Promise<string> | undefined;
  for (let i = 0; i < options.count; i++) {
    const rendering = renderSynthFrame(writer, options.seed, options.split, i);
    if (pending) lines.push(await pending);
    pending = writer.write(i, rendering);
    options.onFrame?.(i + 1, options.count);
  }
  if (pending) lines.push(await pending);
  await writeFileAtomic(writer.splitFile, `${lines.join('\n')}\n`);
  return { layout: options.layout, split: options.split, count: options.count, width, height, splitFile: writer.splitFile };
}

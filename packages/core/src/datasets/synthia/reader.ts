import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { readPng16, readRgbImage } from '../../io/read-image.js';
import { firstExisting } from '../first-existing.js';
import { MissingGroundTruthError, iterateSamples, type SampleIterationOptions } from '../missing-ground-truth.js';
import { assertSameSize, type DepthSample } from '../sample.js';
import { synthiaSpec } from '../synthia-spec.js';
import type { Intrinsics } from '../spec.js';

/**
 * The spec's camera at an image's size: SYNTHIA frames smaller than native (depthkit synth's,
 * or a user's resized copy) keep the field of view, as the synthetic writer renders them.
 */
function intrinsicsAt(width: number, height: number): Intrinsics | undefined {
  const fixed = synthiaSpec.intrinsics.fixed;
  const [nativeH, nativeW] = synthiaSpec.resolution.native;
  if (width === nativeW && height === nativeH) return fixed;
  const sx = width / nativeW;
  const sy = height / nativeH;
  return { fx: fixed.fx * sx, fy: fixed.fy * sy, cx: fixed.cx * sx, cy: fixed.cy * sy };
}

/** SYNTHIA-RAND-CITYSCAPES layout under its root (the folder holding RGB/, Depth/, GT/). */
export function synthiaPaths(root: string, frame: string): { rgb: string; depth: string; labels: string } {
  return {
    rgb: join(root, 'RGB', `${frame}.png`),
    depth: join(root, 'Depth', 'Depth', `${frame}.png`),
    labels: join(root, 'GT', 'LABELS', `${frame}.png`),
  };
}

/** Frame names (e.g. `0000000`) found in RGB/, sorted. */
export async function listSynthiaFrames(root: string): Promise<string[]> {
  const dir = join(root, 'RGB');
  let names: string[];
  try {
    names = await readdir(dir);
  } catch {
    throw new Error(`${dir}: missing SYNTHIA RGB folder (expected the RAND_CITYSCAPES root holding RGB/, Depth/Depth/, GT/LABELS/)`);
  }
  return names.filter((n) => n.toLowerCase().endsWith('.png')).map((n) => n.slice(0, -4)).sort();
}

/** Class ids → segment-depth group index (0..3, in the spec's group order); unknown ids → background. */
export function synthiaGroupTable(): Uint8Array {
  const groups = Object.values(synthiaSpec.labels.groups);
  const table = new Uint8Array(65536).fill(groups.length - 1);
  groups.forEach((ids, g) => ids.forEach((id) => (table[id] = g)));
  return table;
}

export class SynthiaReader {
  constructor(readonly root: string) {}

  async read(frame: string): Promise<DepthSample> {
    const paths = synthiaPaths(this.root, frame);
    if (!(await firstExisting([paths.rgb]))) throw new Error(`${paths.rgb}: missing SYNTHIA image for frame '${frame}'`);
    const rgb = await readRgbImage(paths.rgb);
    if (!(await firstExisting([paths.depth]))) throw new MissingGroundTruthError(frame, paths.depth, 'depth PNG not found');
    const depthPng = await readPng16(paths.depth, { what: 'a SYNTHIA depth PNG (16-bit, centimetres)' });
    assertSameSize(paths.rgb, rgb, paths.depth, depthPng);
    const depth = new Float32Array(depthPng.width * depthPng.height);
    for (let i = 0; i < depth.length; i++) depth[i] = depthPng.data[i * depthPng.channels] / synthiaSpec.depthScale;
    const sample: DepthSample = {
      id: frame,
      rgb,
      depth: { width: depthPng.width, height: depthPng.height, data: depth },
      intrinsics: intrinsicsAt(rgb.width, rgb.height),
    };
    if (await firstExisting([paths.labels])) {
      const labelPng = await readPng16(paths.labels, { what: 'a SYNTHIA label PNG (16-bit, class id in channel 1)' });
      assertSameSize(paths.rgb, rgb, paths.labels, labelPng);
      const labels = new Uint16Array(labelPng.width * labelPng.height);
      for (let i = 0; i < labels.length; i++) labels[i] = labelPng.data[i * labelPng.channels];
      sample.labels = { width: labelPng.width, height: labelPng.height, data: labels };
    }
    return sample;
  }

  samples(frames: Iterable<string>, options?: SampleIterationOptions): AsyncGenerator<DepthSample> {
    const entries = [...frames].map((id) => ({ id }));
    return iterateSamples(entries, (entry) => this.read(entry.id), options);
  }
}

import { join } from 'node:path';
import { readDepthPng } from '../../io/depth-png.js';
import { readRgbImage } from '../../io/read-image.js';
import { firstExisting } from '../first-existing.js';
import { MissingGroundTruthError, iterateSamples, type SampleIterationOptions } from '../missing-ground-truth.js';
import { nyuSpec } from '../nyu-spec.js';
import { assertSameSize, type DepthSample } from '../sample.js';
import type { NyuEntry } from './split-entry.js';

/**
 * NYU in BTS's layout (`scene/rgb_XXXXX.jpg`, `scene/sync_depth_XXXXX.png` in millimetres): the
 * sync training frames and the official test set as BTS's script (or exportNyuLabeled) writes it.
 */
export class NyuReader {
  constructor(readonly root: string) {}

  async read(entry: NyuEntry): Promise<DepthSample> {
    const rgbFile = join(this.root, entry.rgbPath);
    if (!(await firstExisting([rgbFile]))) throw new Error(`${rgbFile}: missing NYU image for '${entry.id}'`);
    const rgb = await readRgbImage(rgbFile);
    const [height, width] = nyuSpec.resolution.native;
    if (rgb.width !== width || rgb.height !== height) {
      throw new Error(`${rgbFile}: expected a ${width}×${height} NYU image, found ${rgb.width}×${rgb.height}`);
    }
    if (!entry.depthPath) throw new MissingGroundTruthError(entry.id, rgbFile, 'the split names no depth file');
    const depthFile = join(this.root, entry.depthPath);
    if (!(await firstExisting([depthFile]))) throw new MissingGroundTruthError(entry.id, depthFile, 'depth PNG not found');
    const depth = await readDepthPng(depthFile, nyuSpec.depthScale, 'an NYU depth PNG (16-bit grey, millimetres)');
    assertSameSize(rgbFile, rgb, depthFile, depth);
    return { id: entry.id, rgb, depth, intrinsics: nyuSpec.intrinsics.fixed };
  }

  samples(entries: Iterable<NyuEntry>, options?: SampleIterationOptions): AsyncGenerator<DepthSample> {
    return iterateSamples(entries, (entry) => this.read(entry), options);
  }
}

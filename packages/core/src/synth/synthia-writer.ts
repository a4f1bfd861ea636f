import { join } from 'node:path';
import { synthiaPaths } from '../datasets/synthia/reader.js';
import { synthiaSpec } from '../datasets/synthia-spec.js';
import type { Intrinsics } from '../datasets/spec.js';
import { writePng16, writeRgbImage } from '../io/write-image.js';
import { scaleIntrinsics } from './camera.js';
import { labelTable } from './label-sets.js';
import { classMap, type LayoutWriter, type SynthSplit } from './layout-writer.js';
import { materials } from './materials.js';
import type { Rng } from './prng.js';
import { streetScene } from './street-scene.js';

/**
 * SYNTHIA keeps every frame in one folder, so the splits are told apart by frame number: test
 * frames start here. Names are SYNTHIA's 7 digits.
 */
export const synthiaTestFirstFrame = 5_000_000;
export const synthSynthiaSplitFiles: Record<SynthSplit, string> = { train: 'train_files.txt', test: 'test_files.txt' };
/** What SYNTHIA stores for the sky: the largest 16-bit value (655.35 m). */
const SKY_DEPTH = 65535;

export interface SynthiaWriterOptions {
  out: string;
  split: SynthSplit;
  width: number;
  height: number;
}

function fixedIntrinsics(): Intrinsics {
  const fixed = synthiaSpec.intrinsics.fixed;
  if (!fixed) throw new Error("synthia spec: expected fixed intrinsics, found source 'calibration-files'");
  return fixed;
}

/**
 * SYNTHIA-RAND-CITYSCAPES layout under `out` (the folder the SYNTHIA reader takes): RGB/*.png,
 * Depth/Depth/*.png (16-bit centimetres, the value in all three channels), GT/LABELS/*.png (16-bit,
 * SYNTHIA class id in R, instance id in G); split lists of frame names in `splits/`.
 */
export function synthiaWriter(options: SynthiaWriterOptions): LayoutWriter {
  const { out, split, width, height } = options;
  const first = split === 'test' ? synthiaTestFirstFrame : 0;
  const intrinsics = scaleIntrinsics(fixedIntrinsics(), synthiaSpec.resolution.native, [height, width]);
  const labels = labelTable('synthia', materials);
  return {
    width,
    height,
    intrinsics,
    splitFile: join(out, 'splits', synthSynthiaSplitFiles[split]),
    async prepare() {},
    // SYNTHIA-RAND views come from varied heights, not one car rig.
    scene: (rng: Rng) => streetScene(rng, { cameraHeight: rng.range(1.2, 2.5) }),
    async write(index, rendering) {
      if (index >= synthiaTestFirstFrame) {
        throw new Error(`synthia layout: expected at most ${synthiaTestFirstFrame} frames per split, found frame ${index}`);
      }
      const frame = String(first + index).padStart(7, '0');
      const paths = synthiaPaths(out, frame);
      const n = width * height;
      const depth = new Uint16Array(n * 3);
      const gt = new Uint16Array(n * 3);
      const classes = classMap(rendering, labels);
      for (let i = 0; i < n; i++) {
        const d = rendering.depth[i];
        const stored = Number.isFinite(d) ? Math.min(SKY_DEPTH, Math.round(d * synthiaSpec.depthScale)) : SKY_DEPTH;
        depth.fill(stored, i * 3, i * 3 + 3);
        gt[i * 3] = classes[i];
        gt[i * 3 + 1] = rendering.instance[i];
      }
      await Promise.all([
        writeRgbImage(paths.rgb, { width, height, data: rendering.rgb }),
        writePng16(paths.depth, { width, height, channels: 3, data: depth }),
        writePng16(paths.labels, { width, height, channels: 3, data: gt }),
      ]);
      return frame;
    },
  };
}

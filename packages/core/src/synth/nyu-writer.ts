import { join } from 'node:path';
import { nyuSpec } from '../datasets/nyu-spec.js';
import type { BorderSpec, Intrinsics } from '../datasets/spec.js';
import { writeDepthPng } from '../io/depth-png.js';
import { writePng16, writeRgbImage } from '../io/write-image.js';
import { scaleIntrinsics } from './camera.js';
import { labelTable } from './label-sets.js';
import { classMap, type LayoutWriter, type SynthSplit } from './layout-writer.js';
import { materials } from './materials.js';
import type { Rendering } from './ray-cast.js';
import { roomScene } from './room-scene.js';
import { writePng8 } from './write-png8.js';

/** One scene folder per split (real NYU has one per recording; every synthetic frame is its own room). */
export const synthNyuScenes: Record<SynthSplit, string> = { train: 'synth_train', test: 'synth_test' };
/** BTS's list names: the test one is the spec's bundled list, the train one BTS's own. */
export const synthNyuSplitFiles: Record<SynthSplit, string> = {
  train: 'nyudepthv2_train_files_with_gt.txt',
  test: nyuSpec.splits[nyuSpec.defaultSplits.test].listFile,
};

export interface NyuWriterOptions {
  out: string;
  split: SynthSplit;
  width: number;
  height: number;
}

function fixedIntrinsics(): Intrinsics {
  const fixed = nyuSpec.intrinsics.fixed;
  if (!fixed) throw new Error("nyu spec: expected fixed intrinsics, found source 'calibration-files'");
  return fixed;
}

/** The sync frames' white frame, scaled to the output size: [row0, row1, col0, col1] of the content. */
function contentBox(border: BorderSpec, width: number, height: number): [number, number, number, number] {
  const [h, w] = nyuSpec.resolution.native;
  return [
    Math.round((border.rows[0] * height) / h),
    Math.round((border.rows[1] * height) / h),
    Math.round((border.cols[0] * width) / w),
    Math.round((border.cols[1] * width) / w),
  ];
}

/**
 * NYU in BTS's sync layout under `out`: `<scene>/rgb_XXXXX.jpg` (JPEG quality 95, as BTS's
 * scripts), `<scene>/sync_depth_XXXXX.png` (millimetres), with the sync frames' white border and
 * no depth under it; `<scene>/depthkit/semantic_XXXXX.png` (NYU-40 ids, 8-bit) and
 * `<scene>/depthkit/instance_XXXXX.png` (16-bit) beside them. The NYU reader accepts only the
 * native 640×480; other sizes are for training pipelines that resize anyway.
 */
export function nyuWriter(options: NyuWriterOptions): LayoutWriter {
  const { out, split, width, height } = options;
  const [nativeH, nativeW] = nyuSpec.resolution.native;
  const native = width === nativeW && height === nativeH;
  const intrinsics = native ? fixedIntrinsics() : scaleIntrinsics(fixedIntrinsics(), nyuSpec.resolution.native, [height, width]);
  const scene = synthNyuScenes[split];
  const labels = labelTable('nyu40', materials);
  const border = nyuSpec.borders.sync;
  const [r0, r1, c0, c1] = contentBox(border, width, height);
  const inside = (i: number) => {
    const row = Math.floor(i / width);
    const col = i % width;
    return row >= r0 && row < r1 && col >= c0 && col < c1;
  };
  return {
    width,
    height,
    intrinsics,
    splitFile: join(out, 'splits', synthNyuSplitFiles[split]),
    async prepare() {},
    scene: (rng) => roomScene(rng, nyuSpec.maxDepth),
    async write(index, rendering: Rendering) {
      const id = String(index).padStart(5, '0');
      const white = border.colour === 'white' ? 255 : 0;
      const rgb = rendering.rgb.map((v, j) => (inside(Math.floor(j / 3)) ? v : white));
      const depth = rendering.depth.map((d, i) => (inside(i) && Number.isFinite(d) && d < nyuSpec.maxDepth ? d : 0));
      await Promise.all([
        writeRgbImage(join(out, scene, `rgb_${id}.jpg`), { width, height, data: rgb }, { quality: 95 }),
        writeDepthPng(join(out, scene, `sync_depth_${id}.png`), { width, height, data: depth }, nyuSpec.depthScale),
        writePng8(join(out, scene, 'depthkit', `semantic_${id}.png`), width, height, Uint8Array.from(classMap(rendering, labels))),
        writePng16(join(out, scene, 'depthkit', `instance_${id}.png`), { width, height, channels: 1, data: rendering.instance }),
      ]);
      // BTS's train list starts its paths with '/', its test list does not.
      const lead = split === 'train' ? '/' : '';
      return `${lead}${scene}/rgb_${id}.jpg ${lead}${scene}/sync_depth_${id}.png ${Number(intrinsics.fx.toFixed(4))}`;
    },
  };
}

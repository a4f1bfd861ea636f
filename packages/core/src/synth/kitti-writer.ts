import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseCalibText } from '../datasets/kitti/calibration.js';
import { frameName } from '../datasets/kitti/split-entry.js';
import { kittiSpec } from '../datasets/kitti-spec.js';
import type { Intrinsics } from '../datasets/spec.js';
import { writeFileAtomic } from '../fs/write-file-atomic.js';
import { writeDepthPng } from '../io/depth-png.js';
import { writePng16, writeRgbImage } from '../io/write-image.js';
import { scaleIntrinsics } from './camera.js';
import { camToCamText, kittiReferenceIntrinsics, veloToCamText } from './kitti-calibration-text.js';
import { labelTable } from './label-sets.js';
import { classMap, type LayoutWriter, type SynthSplit } from './layout-writer.js';
import { lidarMask } from './lidar-mask.js';
import { materials } from './materials.js';
import type { Rendering } from './ray-cast.js';
import { streetScene } from './street-scene.js';
import { writePng8 } from './write-png8.js';

/**
 * A date no real KITTI drive has, so synthetic drives never overwrite real ones in a merged tree;
 * train and test frames go to separate drives.
 */
export const synthKittiDate = '2000_01_01';
export const synthKittiDrives: Record<SynthSplit, string> = {
  train: `${synthKittiDate}_drive_0001_sync`,
  test: `${synthKittiDate}_drive_0002_sync`,
};
/** The default test split's bundled name; eigen_zhou (train) ships none, so monodepth2's folder name is used. */
export const synthKittiSplitFiles: Record<SynthSplit, string> = {
  train: 'eigen_zhou_train_files.txt',
  test: kittiSpec.splits[kittiSpec.defaultSplits.test].listFile,
};
/** KITTI's rig: the colour cameras are about 1.65 m above the road. */
const CAMERA_HEIGHT = 1.65;

export interface KittiWriterOptions {
  out: string;
  split: SynthSplit;
  width: number;
  height: number;
  /** Benchmark GT at every pixel with depth instead of along the scan lines. */
  denseGroundTruth?: boolean;
}

/** Parses our own calibration text back, so rendering uses exactly the (7-digit) numbers the files hold. */
function calibrated(text: string, width: number, height: number): { intrinsics: Intrinsics; R: number[]; T: number[] } {
  const values = parseCalibText(text);
  const p = values.get('P_rect_02');
  if (!p) throw new Error(`synthetic KITTI calibration for ${width}×${height}: expected a P_rect_02 line, found none`);
  const velo = parseCalibText(veloToCamText());
  return { intrinsics: { fx: p[0], fy: p[5], cx: p[2], cy: p[6] }, R: velo.get('R') ?? [], T: velo.get('T') ?? [] };
}

/**
 * KITTI raw + depth-benchmark layout under `out`: `<date>/calib_*.txt`,
 * `<date>/<drive>/image_02/data/*.png`, `velodyne_points/data/*.bin`,
 * `proj_depth/groundtruth/image_02/*.png` (merged into the raw tree, as monodepth2 keeps it), and,
 * outside the official folders, `<drive>/depthkit/semantic_02/*.png` (Cityscapes trainIds, 8-bit)
 * and `<drive>/depthkit/instance_02/*.png` (16-bit, 0 = stuff).
 */
export function kittiWriter(options: KittiWriterOptions): LayoutWriter {
  const { out, split, width, height } = options;
  const camText = camToCamText(width, height, scaleIntrinsics(kittiReferenceIntrinsics, kittiSpec.resolution.native, [height, width]));
  const { intrinsics, R, T } = calibrated(camText, width, height);
  const drive = join(out, synthKittiDate, synthKittiDrives[split]);
  const mask = lidarMask(width, height, intrinsics);
  const labels = labelTable('cityscapes', materials);
  return {
    width,
    height,
    intrinsics,
    splitFile: join(out, 'splits', synthKittiSplitFiles[split]),
    async prepare() {
      const dateDir = join(out, synthKittiDate);
      await writeCalibOnce(join(dateDir, 'calib_cam_to_cam.txt'), camText);
      await writeCalibOnce(join(dateDir, 'calib_velo_to_cam.txt'), veloToCamText());
    },
    scene: (rng) => streetScene(rng, { cameraHeight: CAMERA_HEIGHT }),
    async write(index, rendering) {
      const frame = frameName(index);
      const gt = groundTruth(rendering, options.denseGroundTruth ? undefined : mask);
      const semantic = Uint8Array.from(classMap(rendering, labels));
      await Promise.all([
        writeRgbImage(join(drive, 'image_02', 'data', `${frame}.png`), { width, height, data: rendering.rgb }),
        writeDepthPng(join(drive, 'proj_depth', 'groundtruth', 'image_02', `${frame}.png`), { width, height, data: gt }, kittiSpec.depthScale),
        writeFileAtomic(join(drive, 'velodyne_points', 'data', `${frame}.bin`), scanPoints(rendering, mask, intrinsics, R, T)),
        writePng8(join(drive, 'depthkit', 'semantic_02', `${frame}.png`), width, height, semantic),
        writePng16(join(drive, 'depthkit', 'instance_02', `${frame}.png`), { width, height, channels: 1, data: rendering.instance }),
      ]);
      return `${synthKittiDate}/${synthKittiDrives[split]} ${frame} l`;
    },
  };
}

/** A depth the scanner would report: a hit, nearer than the spec's cap (sky and the far road stay 0, as in KITTI). */
function measurable(depth: number): boolean {
  return Number.isFinite(depth) && depth > kittiSpec.minDepth && depth <= kittiSpec.maxDepth;
}

function groundTruth(rendering: Rendering, mask: Uint8Array | undefined): Float32Array {
  return rendering.depth.map((d, i) => ((mask === undefined || mask[i] === 1) && measurable(d) ? d : 0));
}

/**
 * The scan's points in the velodyne frame (float32 x, y, z, reflectance): each scan pixel
 * back-projected at its depth, then X_velo = Rᵀ(X_cam − T). They sit on the true surfaces, so
 * monodepth2's projection (pixel = round(u) − 1) files each one pixel up-left of where it was cast.
 */
function scanPoints(rendering: Rendering, mask: Uint8Array, k: Intrinsics, R: number[], T: number[]): Uint8Array {
  const { width, depth, material } = rendering;
  const laneMarking = materials.indexOf('lane-marking');
  const sign = materials.indexOf('traffic-sign');
  const values: number[] = [];
  for (let i = 0; i < depth.length; i++) {
    if (mask[i] !== 1 || !measurable(depth[i])) continue;
    const z = depth[i];
    const cam = [(((i % width) - k.cx) * z) / k.fx - T[0], ((Math.floor(i / width) - k.cy) * z) / k.fy - T[1], z - T[2]];
    for (let a = 0; a < 3; a++) values.push(R[a] * cam[0] + R[3 + a] * cam[1] + R[6 + a] * cam[2]);
    // Paint and signs are retro-reflective: they return far more light than asphalt or walls.
    values.push(material[i] === laneMarking || material[i] === sign ? 0.9 : 0.25);
  }
  const bytes = new Uint8Array(values.length * 4);
  const view = new DataView(bytes.buffer);
  values.forEach((v, i) => view.setFloat32(i * 4, v, true));
  return bytes;
}

/** Calibration is per date and shared by train and test drives: refuse to change it under existing frames. */
async function writeCalibOnce(file: string, text: string): Promise<void> {
  let existing: string | undefined;
  try {
    existing = await readFile(file, 'utf8');
  } catch {
    existing = undefined;
  }
  if (existing === undefined) return writeFileAtomic(file, text);
  if (existing !== text) {
    const size = (t: string) => /^S_rect_02:.*$/m.exec(t)?.[0] ?? 'no S_rect_02';
    throw new Error(
      `${file}: already holds another synthetic calibration (${size(existing)}), expected (${size(text)}); ` +
        'write frames of another size to a different --out',
    );
  }
}

import { join } from 'node:path';
import { frameName, type KittiEntry } from './split-entry.js';

/**
 * KITTI raw: `root/date/date_drive_XXXX_sync/image_02/data/0000000069.png`, scans in
 * `velodyne_points/data/*.bin`, calibration in `root/date/`.
 */
export function kittiCamera(entry: KittiEntry): 2 | 3 {
  return entry.side === 'l' ? 2 : 3;
}

export function kittiCalibDir(root: string, entry: KittiEntry): string {
  return join(root, entry.date);
}

/** PNG as distributed; monodepth2 users often converted to JPEG, which is accepted too. */
export function kittiImageCandidates(root: string, entry: KittiEntry): string[] {
  const base = join(root, entry.date, entry.drive, `image_0${kittiCamera(entry)}`, 'data', frameName(entry.frame));
  return [`${base}.png`, `${base}.jpg`];
}

export function kittiVelodynePath(root: string, entry: KittiEntry): string {
  return join(root, entry.date, entry.drive, 'velodyne_points', 'data', `${frameName(entry.frame)}.bin`);
}

/**
 * The depth-benchmark GT (`<drive>/proj_depth/groundtruth/image_02/<frame>.png`) is found where
 * the common setups put it: under the benchmark's train/ or val/, directly under a GT root (BTS),
 * or merged into the raw tree (monodepth2).
 */
export function kittiBenchmarkCandidates(gtRoot: string, entry: KittiEntry): string[] {
  const tail = join(entry.drive, 'proj_depth', 'groundtruth', `image_0${kittiCamera(entry)}`, `${frameName(entry.frame)}.png`);
  const candidates = [
    ...(entry.gtPath ? [join(gtRoot, entry.gtPath)] : []),
    join(gtRoot, tail),
    join(gtRoot, 'train', tail),
    join(gtRoot, 'val', tail),
    join(gtRoot, entry.date, tail),
  ];
  return [...new Set(candidates)];
}

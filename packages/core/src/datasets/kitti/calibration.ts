import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Intrinsics } from '../spec.js';

/**
 * KITTI raw calibration (per date: calib_cam_to_cam.txt, calib_velo_to_cam.txt). Lines are
 * `key: numbers`; non-numeric values such as `calib_time: 09-Jan-2012 13:57:47` are skipped, as
 * monodepth2's read_calib_file does.
 */
export function parseCalibText(text: string): Map<string, number[]> {
  const out = new Map<string, number[]>();
  for (const line of text.split(/\r?\n/)) {
    const colon = line.indexOf(':');
    if (colon < 0) continue;
    const values = line.slice(colon + 1).trim().split(/\s+/).map(Number);
    if (values.length > 0 && values.every((v) => Number.isFinite(v))) out.set(line.slice(0, colon).trim(), values);
  }
  return out;
}

export interface KittiCalibration {
  /** From S_rect_0X: it differs by date (1242×375, 1224×370, 1238×374, 1241×376, 1226×370). */
  width: number;
  height: number;
  /** P_rect_0X, 3×4 row-major. */
  pRect: number[];
  /** R_rect_00, 3×3 row-major. */
  rRect00: number[];
  /** Velodyne → camera 0: R (3×3 row-major) and T (metres). */
  veloToCamR: number[];
  veloToCamT: number[];
  intrinsics: Intrinsics;
  camera: 2 | 3;
}

async function readCalibFile(file: string): Promise<Map<string, number[]>> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch {
    throw new Error(`${file}: missing KITTI calibration file (no such file)`);
  }
  return parseCalibText(text);
}

function field(values: Map<string, number[]>, key: string, count: number, file: string): number[] {
  const found = values.get(key);
  if (!found) throw new Error(`${file}: expected a '${key}:' line with ${count} numbers, found none`);
  if (found.length !== count) throw new Error(`${file}: expected ${count} numbers for '${key}', found ${found.length}`);
  return found;
}

/** Reads a date folder's calibration for the left (2) or right (3) colour camera. */
export async function readKittiCalibration(calibDir: string, camera: 2 | 3 = 2): Promise<KittiCalibration> {
  const camFile = join(calibDir, 'calib_cam_to_cam.txt');
  const veloFile = join(calibDir, 'calib_velo_to_cam.txt');
  const cam = await readCalibFile(camFile);
  const velo = await readCalibFile(veloFile);
  const [width, height] = field(cam, `S_rect_0${camera}`, 2, camFile);
  const pRect = field(cam, `P_rect_0${camera}`, 12, camFile);
  return {
    width: Math.round(width),
    height: Math.round(height),
    pRect,
    rRect00: field(cam, 'R_rect_00', 9, camFile),
    veloToCamR: field(velo, 'R', 9, veloFile),
    veloToCamT: field(velo, 'T', 3, veloFile),
    intrinsics: { fx: pRect[0], fy: pRect[5], cx: pRect[2], cy: pRect[6] },
    camera,
  };
}

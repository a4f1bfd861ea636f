import { mkdtemp, readFile, writeFile, mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { sharedData } from '../testing/shared-data.js';
import { parseCalibText, readKittiCalibration } from './calibration.js';

/** A calibration folder like the shared 09_26 one but with another date's S_rect_02 / P_rect_02. */
async function otherDate(width: number, height: number, dropKey?: string): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'depthkit-calib-'));
  let cam = await readFile(sharedData('kitti/2011_09_26/calib_cam_to_cam.txt'), 'utf8');
  cam = cam.replace(/^S_rect_02:.*$/m, `S_rect_02: ${width}.000000e+00 ${height}.000000e+00`);
  if (dropKey) cam = cam.replace(new RegExp(`^${dropKey}:.*\\n`, 'm'), '');
  await mkdir(dir, { recursive: true });
  await writeFile(join(dir, 'calib_cam_to_cam.txt'), cam);
  await writeFile(join(dir, 'calib_velo_to_cam.txt'), await readFile(sharedData('kitti/2011_09_26/calib_velo_to_cam.txt')));
  return dir;
}

describe('KITTI calibration', () => {
  it('reads the 2011_09_26 files: 1242×375 and the P_rect_02 intrinsics', async () => {
    const calib = await readKittiCalibration(sharedData('kitti/2011_09_26'));
    expect([calib.width, calib.height]).toEqual([1242, 375]);
    expect(calib.intrinsics).toEqual({ fx: 721.5377, fy: 721.5377, cx: 609.5593, cy: 172.854 });
    expect(calib.pRect[3]).toBeCloseTo(44.85728, 5);
    expect(calib.veloToCamT).toEqual([-0.004069766, -0.07631618, -0.2717806]);
  });

  it('skips calib_time and other non-numeric lines', () => {
    const parsed = parseCalibText('calib_time: 15-Mar-2012 11:37:16\nR: 1 0 0 0 1 0 0 0 1\ndelta_f: 0 0\n');
    expect([...parsed.keys()]).toEqual(['R', 'delta_f']);
  });

  it('takes the image size from S_rect_02, which differs by date', async () => {
    for (const [w, h] of [[1224, 370], [1238, 374], [1241, 376], [1226, 370]]) {
      const calib = await readKittiCalibration(await otherDate(w, h));
      expect([calib.width, calib.height]).toEqual([w, h]);
    }
  });

  it('reads the right camera from S_rect_03 / P_rect_03', async () => {
    const calib = await readKittiCalibration(sharedData('kitti/2011_09_26'), 3);
    expect(calib.pRect[3]).toBeCloseTo(-339.5242, 4);
  });

  it('names the file and key that are missing', async () => {
    const dir = await otherDate(1242, 375, 'P_rect_02');
    await expect(readKittiCalibration(dir)).rejects.toThrow(`${join(dir, 'calib_cam_to_cam.txt')}: expected a 'P_rect_02:' line with 12 numbers`);
    const empty = await mkdtemp(join(tmpdir(), 'depthkit-calib-'));
    await expect(readKittiCalibration(empty)).rejects.toThrow(`${join(empty, 'calib_cam_to_cam.txt')}: missing KITTI calibration file`);
  });
});

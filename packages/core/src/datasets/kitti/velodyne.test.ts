import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { kittiSpec } from '../kitti-spec.js';
import { numpyPython, runPython } from '../testing/python-reference.js';
import { sharedData } from '../testing/shared-data.js';
import { readKittiCalibration } from './calibration.js';
import { projectVelodyne, readVelodyneBin } from './velodyne.js';

const calibDir = () => sharedData('kitti/2011_09_26');
const binFile = () => sharedData('kitti/velodyne_unpaired/0000000000.bin');

/** Rows/cols of the Garg crop on H×W, truncated as Python's int(). */
function gargBounds(height: number, width: number) {
  const crop = kittiSpec.crops.garg;
  return {
    rows: [Math.trunc(crop.rows[0] * height), Math.trunc(crop.rows[1] * height)],
    cols: [Math.trunc(crop.cols[0] * width), Math.trunc(crop.cols[1] * width)],
  };
}

describe('velodyne projection (monodepth2 generate_depth_map)', () => {
  it('reads the scan: 120587 points of x, y, z, reflectance', async () => {
    const points = await readVelodyneBin(binFile());
    expect(points.length / 4).toBe(120587);
  });

  it('gives the FORMAT_NOTES counts: 18287 points in image, 18212 pixels, 15454 in the Garg crop', async () => {
    const calib = await readKittiCalibration(calibDir());
    const points = await readVelodyneBin(binFile());
    const cam = projectVelodyne(points, calib);
    expect(cam.pointsInImage).toBe(18287);
    expect(cam.pixels).toBe(18212);
    const { rows, cols } = gargBounds(375, 1242);
    expect([rows, cols]).toEqual([[153, 371], [44, 1197]]);
    let inCrop = 0;
    let min = Infinity;
    let max = 0;
    cam.depth.data.forEach((d, i) => {
      if (d <= 0) return;
      const r = Math.floor(i / 1242);
      const c = i % 1242;
      if (r >= rows[0] && r < rows[1] && c >= cols[0] && c < cols[1]) inCrop++;
      min = Math.min(min, d);
      max = Math.max(max, d);
    });
    expect(inCrop).toBe(15454);
    expect(min).toBeCloseTo(3.2193, 4);
    expect(max).toBeCloseTo(78.6737, 4);

    const vel = projectVelodyne(points, calib, { velDepth: true });
    expect(vel.pointsInImage).toBe(18287);
    const values = vel.depth.data.filter((d) => d > 0);
    expect(values.length).toBe(18212);
    expect(Math.min(...values)).toBeCloseTo(3.492, 4);
    expect(Math.max(...values)).toBeCloseTo(78.956, 3);
  });

  it.skipIf(!numpyPython)('matches a numpy transcription of generate_depth_map pixel for pixel', async () => {
    const calib = await readKittiCalibration(calibDir());
    const points = await readVelodyneBin(binFile());
    // The reference is the monodepth2 algorithm written out in numpy, run on the same files.
    const script = String.raw`
import sys, numpy as np
from collections import Counter
def read(path):
    out = {}
    for line in open(path):
        key, _, value = line.partition(':')
        try: out[key] = np.array([float(v) for v in value.split()])
        except ValueError: pass
    return out
cam2cam = read(sys.argv[1] + '/calib_cam_to_cam.txt'); velo2cam = read(sys.argv[1] + '/calib_velo_to_cam.txt')
v2c = np.vstack((np.hstack((velo2cam['R'].reshape(3, 3), velo2cam['T'][..., None])), [0, 0, 0, 1.0]))
shape = cam2cam['S_rect_02'][::-1].astype(np.int32)
R = np.eye(4); R[:3, :3] = cam2cam['R_rect_00'].reshape(3, 3)
P = np.dot(np.dot(cam2cam['P_rect_02'].reshape(3, 4), R), v2c)
velo = np.fromfile(sys.argv[2], dtype=np.float32).reshape(-1, 4); velo[:, 3] = 1.0
velo = velo[velo[:, 0] >= 0, :]
for vel_depth in (False, True):
    im = np.dot(P, velo.T).T
    im[:, :2] = im[:, :2] / im[:, 2][..., None]
    if vel_depth: im[:, 2] = velo[:, 0]
    im[:, 0] = np.round(im[:, 0]) - 1; im[:, 1] = np.round(im[:, 1]) - 1
    ok = (im[:, 0] >= 0) & (im[:, 1] >= 0) & (im[:, 0] < shape[1]) & (im[:, 1] < shape[0])
    im = im[ok, :]
    depth = np.zeros(shape[:2])
    depth[im[:, 1].astype(int), im[:, 0].astype(int)] = im[:, 2]
    inds = im[:, 1].astype(int) * shape[1] + im[:, 0].astype(int)
    for dd in [k for k, c in Counter(inds).items() if c > 1]:
        pts = np.where(inds == dd)[0]
        depth[int(im[pts[0], 1]), int(im[pts[0], 0])] = im[pts, 2].min()
    depth[depth < 0] = 0
    np.save(sys.argv[3] + ('/vel.npy' if vel_depth else '/cam.npy'), depth.astype(np.float32))
`;
    const dir = await mkdtemp(join(tmpdir(), 'depthkit-velo-'));
    runPython(script, [calibDir(), binFile(), dir]);
    for (const velDepth of [false, true]) {
      const reference = await readNpyFloat32(join(dir, velDepth ? 'vel.npy' : 'cam.npy'));
      const ours = projectVelodyne(points, calib, { velDepth }).depth.data;
      expect(reference.length).toBe(ours.length);
      let differing = 0;
      for (let i = 0; i < ours.length; i++) if (ours[i] !== reference[i]) differing++;
      expect(differing).toBe(0);
    }
  });

  it('rejects a .bin whose size is not whole points', async () => {
    const file = join(await mkdtemp(join(tmpdir(), 'depthkit-velo-')), 'bad.bin');
    await writeFile(file, new Uint8Array(20));
    await expect(readVelodyneBin(file)).rejects.toThrow(`${file}: expected a velodyne .bin of float32 x, y, z, reflectance (a multiple of 16 bytes), found 20 bytes`);
    await expect(readVelodyneBin(join(file, '..', 'none.bin'))).rejects.toThrow(/none\.bin: missing velodyne scan/);
  });

  it('rounds halves to even, as numpy does', async () => {
    const calib = await readKittiCalibration(calibDir());
    // An identity-like camera: u = x_cam / z. Points at u/z = 2.5 must land in column round(2.5) − 1 = 1.
    const flat = { ...calib, width: 8, height: 8, pRect: [1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0], rRect00: [1, 0, 0, 0, 1, 0, 0, 0, 1], veloToCamR: [1, 0, 0, 0, 1, 0, 0, 0, 1], veloToCamT: [0, 0, 0] };
    const out = projectVelodyne(new Float32Array([5, 5, 2, 0]), flat); // u = v = 2.5, depth 2
    expect(out.depth.data[1 * 8 + 1]).toBe(2);
  });
});

/** Minimal .npy (v1, little-endian float32, C order) reader for the reference maps. */
async function readNpyFloat32(file: string): Promise<Float32Array> {
  const { readFile } = await import('node:fs/promises');
  const bytes = await readFile(file);
  const headerLength = bytes.readUInt16LE(8);
  const header = bytes.subarray(10, 10 + headerLength).toString('latin1');
  if (!header.includes("'<f4'")) throw new Error(`${file}: expected float32 .npy, header ${header}`);
  const body = new Uint8Array(bytes.subarray(10 + headerLength));
  return new Float32Array(body.buffer, body.byteOffset, body.byteLength / 4);
}

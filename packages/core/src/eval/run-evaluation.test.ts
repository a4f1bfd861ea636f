import { mkdtempSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { DepthMap } from '../io/image-types.js';
import { encodeNpyDepth } from './encode-npy.js';
import { readDepthFile } from './read-depth-file.js';
import { runEvaluation } from './run-evaluation.js';

async function npyFolders(count: number): Promise<{ gt: string; pred: string }> {
  const root = mkdtempSync(path.join(tmpdir(), 'dk-stream-'));
  const gt = path.join(root, 'gt');
  const pred = path.join(root, 'pred');
  await mkdir(gt);
  await mkdir(pred);
  for (let k = 0; k < count; k++) {
    const map = { width: 8, height: 4, data: new Float32Array(32).fill(1 + k) };
    const name = `${String(k).padStart(4, '0')}.npy`;
    await writeFile(path.join(gt, name), encodeNpyDepth(map));
    await writeFile(path.join(pred, name), encodeNpyDepth({ ...map, data: map.data.map((v) => v * 1.25) }));
  }
  return { gt, pred };
}

describe('runEvaluation', () => {
  it('streams: never more than readAhead pairs decoded and not yet scored', async () => {
    const { gt, pred } = await npyFolders(40);
    let loaded = 0;
    let scored = 0;
    let maxHeld = 0;
    const readDepth = async (file: string, scale: number): Promise<DepthMap> => {
      const map = await readDepthFile(file, scale);
      loaded++;
      maxHeld = Math.max(maxHeld, loaded / 2 - scored);
      return map;
    };
    const report = await runEvaluation({
      protocol: 'kitti-none', gtDir: gt, predDir: pred, readAhead: 3, readDepth,
      onImage: (done) => { scored = done; },
    });
    expect(report.images).toBe(40);
    expect(maxHeld).toBeLessThanOrEqual(3);
    // pred = 1.25·gt: abs_rel 0.25 everywhere, and 1.25 is not < 1.25.
    expect(report.metrics!.abs_rel).toBeCloseTo(0.25, 6);
    expect(report.metrics!.d1).toBe(0);
    expect(report.metrics!.d2).toBe(1);
  });

  it('reports median-scaling ratios like monodepth2 (median and std)', async () => {
    const { gt, pred } = await npyFolders(3);
    const report = await runEvaluation({ protocol: 'kitti-none', gtDir: gt, predDir: pred, medianScaling: true });
    expect(report.medianRatio!.median).toBeCloseTo(0.8, 6);
    expect(report.medianRatio!.std).toBeLessThan(1e-6);
    expect(report.metrics!.abs_rel).toBeLessThan(1e-6);
    expect(report.perImage.every((e) => Math.abs(e.medianRatio! - 0.8) < 1e-6)).toBe(true);
  });

  it('an unreadable prediction fails with the file name', async () => {
    const { gt, pred } = await npyFolders(5);
    await writeFile(path.join(pred, '0002.npy'), 'not numpy');
    await expect(runEvaluation({ protocol: 'kitti-none', gtDir: gt, predDir: pred })).rejects.toThrow(/0002\.npy: not a \.npy file/);
  });
});

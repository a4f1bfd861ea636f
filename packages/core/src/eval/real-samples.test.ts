import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { computeDepthMetrics } from '../metrics/compute-depth-metrics.js';
import { metricNames } from '../metrics/depth-metrics.js';
import { cropRegion } from './crop.js';
import { evaluateImage } from './evaluate-image.js';
import { getProtocol, type ProtocolName } from './protocol.js';
import { readDepthFile } from './read-depth-file.js';
import { sharedDataDir } from './shared-data.js';

// Valid-pixel counts from shared/data/FORMAT_NOTES.md (numpy + PIL on the same files).
const data = sharedDataDir();
const kitti = (frame: string) => path.join(data, 'kitti/metric3d_kitti_demo/depth', `${frame}.png`);
const nyu = (frame: string) => path.join(data, 'nyu/metric3d_nyu_demo/depth', `sync_depth_${frame}.png`);
const unidepth = path.join(data, 'nyu/unidepth_demo/depth.png');

async function validCount(file: string, protocol: ProtocolName): Promise<number> {
  const p = getProtocol(protocol);
  const gt = await readDepthFile(file, p.depthScale);
  return evaluateImage(gt, gt, { protocol: p }, undefined, file).validPixels;
}

describe('valid pixels on the real samples equal FORMAT_NOTES.md', () => {
  it.each([
    ['0000000005', 87504, 82741],
    ['0000000050', 94140, 87106],
    ['0000000100', 82576, 75709],
  ])('KITTI %s: Garg %i, Eigen %i', async (frame, garg, eigen) => {
    expect(await validCount(kitti(frame), 'kitti-garg')).toBe(garg);
    expect(await validCount(kitti(frame), 'kitti-eigen')).toBe(eigen);
  });

  it.each([
    ['00000', 221809],
    ['00050', 225022],
    ['00100', 202035],
  ])('NYU sync_depth_%s: Eigen crop %i', async (frame, count) => {
    expect(await validCount(nyu(frame), 'nyu')).toBe(count);
  });

  it('UniDepth NYU demo: 2663 px at exactly 10.000 m make strict and inclusive bounds differ', async () => {
    expect(await validCount(unidepth, 'nyu')).toBe(202828);
    const gt = await readDepthFile(unidepth, 1000);
    const region = cropRegion(getProtocol('nyu').crop!, gt.height, gt.width);
    const inclusive = computeDepthMetrics(gt.data, gt.data, { width: gt.width, region, minDepth: 0, maxDepth: Infinity });
    expect(inclusive.validPixels).toBe(205491);
    let atTen = 0;
    for (const v of gt.data) if (v === 10) atTen++;
    expect(atTen).toBe(2663);
  });
});

describe('known answers on the real samples', () => {
  it('GT against itself: zero error and d1 = 1 on every sample', async () => {
    for (const [file, protocol] of [[kitti('0000000005'), 'kitti-garg'], [nyu('00050'), 'nyu'], [unidepth, 'nyu']] as const) {
      const p = getProtocol(protocol);
      const gt = await readDepthFile(file, p.depthScale);
      const { metrics } = evaluateImage(gt, gt, { protocol: p });
      for (const name of metricNames) expect(metrics![name], `${file} ${name}`).toBe(name.startsWith('d') ? 1 : 0);
    }
  });

  it('GT×1.1: abs_rel 0.1 on GT below max/1.1; above it the clamp to 80 m lowers it', async () => {
    const p = getProtocol('kitti-garg');
    const gt = await readDepthFile(kitti('0000000050'), p.depthScale);
    const below = { ...gt, data: gt.data.map((v) => (v < p.maxDepth / 1.1 ? v : 0)) };
    const scaled = (m: typeof gt) => ({ ...m, data: m.data.map((v) => v * 1.1) });
    // float32 predictions: 1.1·gt is rounded, so 0.1 holds to float32 precision…
    const r = evaluateImage(below, scaled(below), { protocol: p });
    expect(Math.abs(r.metrics!.abs_rel - 0.1)).toBeLessThan(1e-7);
    // …and to float64 summation error when the metrics see the unrounded product.
    const exact = computeDepthMetrics(below.data, Float64Array.from(below.data, (v) => v * 1.1), {
      width: gt.width, region: cropRegion(p.crop!, gt.height, gt.width), minDepth: Math.fround(p.minDepth), maxDepth: p.maxDepth,
    });
    expect(exact.metrics!.abs_rel).toBeCloseTo(0.1, 11);

    const all = evaluateImage(gt, scaled(gt), { protocol: p });
    expect(all.validPixels).toBe(94140);
    let sum = 0;
    let n = 0;
    const region = cropRegion(p.crop!, gt.height, gt.width);
    for (let y = region.top; y < region.bottom; y++) {
      for (let x = region.left; x < region.right; x++) {
        const g = gt.data[y * gt.width + x];
        if (!(g > Math.fround(p.minDepth) && g < p.maxDepth)) continue;
        sum += Math.abs(g - Math.min(Math.fround(g * 1.1), p.maxDepth)) / g;
        n++;
      }
    }
    expect(all.metrics!.abs_rel).toBeLessThan(0.1);
    expect(all.metrics!.abs_rel).toBeCloseTo(sum / n, 12);
  });
});

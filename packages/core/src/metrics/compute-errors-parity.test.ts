import { describe, expect, it } from 'vitest';
import { evaluateImage, type EvaluateOptions } from '../eval/evaluate-image.js';
import { getProtocol, type ProtocolName } from '../eval/protocol.js';
import { computeDepthMetrics } from './compute-depth-metrics.js';
import { metricNames, type DepthMetrics } from './depth-metrics.js';
import { runReference, type ReferenceCase } from './__reference__/run-reference.js';
import { seededRandom } from './__reference__/seeded-random.js';
import { silogConventions } from './silog.js';

// Parity with an independent numpy implementation of BTS compute_errors and of the
// bts_eval.py / monodepth2 protocol (__reference__/compute_errors.py), on seeded random maps.

function normal(rand: () => number): number {
  return Math.sqrt(-2 * Math.log(1 - rand())) * Math.cos(2 * Math.PI * rand());
}

interface Generated {
  gt: Float32Array;
  pred: Float32Array;
}

/** GT with holes and values past the cap, prediction = gt·exp(noise) plus outliers. */
function generate(seed: number, n: number, maxGt: number, predN = n, nonFinite = false): Generated {
  const rand = seededRandom(seed);
  const gt = new Float32Array(n);
  for (let i = 0; i < n; i++) gt[i] = rand() < 0.3 ? 0 : rand() * maxGt * 1.1;
  const pred = new Float32Array(predN);
  for (let i = 0; i < predN; i++) {
    const base = i < n && gt[i] > 0 ? gt[i] : 0.5 + rand() * maxGt;
    pred[i] = base * Math.exp(0.25 * normal(rand)) * (rand() < 0.01 ? 3 : 1);
    if (rand() < 0.005) pred[i] = -rand();
    if (nonFinite && rand() < 0.01) pred[i] = [Number.NaN, Infinity, -Infinity][Math.floor(rand() * 3)];
  }
  return { gt, pred };
}

function relClose(actual: number, expected: number, what: string): void {
  const tolerance = 1e-6 * Math.max(Math.abs(expected), 1e-12);
  expect(Math.abs(actual - expected), `${what}: depthkit ${actual} vs numpy ${expected}`).toBeLessThanOrEqual(tolerance);
}

function compareMetrics(ours: DepthMetrics, ref: Record<string, unknown>, convention: string, what: string): void {
  for (const name of metricNames) {
    const expected = name === 'silog' ? (ref.silog as Record<string, number>)[convention] : (ref[name] as number);
    relClose(ours[name], expected, `${what} ${name}`);
  }
}

interface ProtocolCase {
  name: string;
  protocol: ProtocolName;
  options: Omit<EvaluateOptions, 'protocol'>;
  height: number;
  width: number;
  predHeight?: number;
  predWidth?: number;
  nonFinite?: boolean;
}

const protocolCases: ProtocolCase[] = [
  { name: 'kitti-garg', protocol: 'kitti-garg', options: {}, height: 375, width: 1242 },
  { name: 'kitti-eigen', protocol: 'kitti-eigen', options: {}, height: 375, width: 1242 },
  { name: 'kitti-none-nonfinite', protocol: 'kitti-none', options: {}, height: 120, width: 400, nonFinite: true },
  { name: 'kitti-garg-kb', protocol: 'kitti-garg', options: { kbCrop: true }, height: 375, width: 1242, predHeight: 352, predWidth: 1216 },
  { name: 'kitti-garg-median-stereo', protocol: 'kitti-garg', options: { medianScaling: true, scale: 5.4 }, height: 375, width: 1242, nonFinite: true },
  { name: 'kitti-eigen-odd-size', protocol: 'kitti-eigen', options: { medianScaling: true }, height: 371, width: 1237 },
  { name: 'nyu', protocol: 'nyu', options: {}, height: 480, width: 640, nonFinite: true },
  { name: 'nyu-none-median', protocol: 'nyu-none', options: { medianScaling: true }, height: 480, width: 640 },
];

function referenceCrop(protocol: ProtocolName): ReferenceCase['crop'] {
  const crop = getProtocol(protocol).crop;
  if (crop === null) return null;
  if (crop.kind === 'fraction') return { fraction: [crop.rows, crop.cols] };
  if (crop.kind === 'pixels') return [crop.rows[0], crop.rows[1], crop.cols[0], crop.cols[1]];
  throw new Error('kb is not a mask crop');
}

describe('parity with the numpy reference (python3-numpy), 1e-6 relative', () => {
  it('metrics of random float32 maps, every SILog convention', () => {
    const sizes = [[40, 50], [7, 3], [1, 2]];
    const cases: ReferenceCase[] = [];
    const generated = sizes.map(([h, w], k) => generate(100 + k, h * w, 80));
    sizes.forEach(([h, w], k) => {
      const { gt, pred } = generated[k];
      // Pure metrics: predictions already inside the caps, so the reference's clamp is a no-op.
      for (let i = 0; i < pred.length; i++) pred[i] = Math.min(Math.abs(pred[i]) + 0.01, 79.5);
      gt[0] = 5; // at least one valid pixel
      cases.push({ name: `plain${k}`, height: h, width: w, gt, pred, min: 1e-3, max: 80, crop: null });
    });
    const ref = runReference(cases);
    cases.forEach((c, k) => {
      const r = ref[c.name];
      for (const convention of silogConventions) {
        const ours = computeDepthMetrics(generated[k].gt, generated[k].pred, { width: c.width, minDepth: Math.fround(1e-3), maxDepth: 80, silog: convention });
        expect(ours.validPixels).toBe(r.validPixels);
        compareMetrics(ours.metrics!, r, convention, `${c.name}/${convention}`);
      }
    });
  });

  it('the full protocol: crops, KB paste, clamping, non-finite counts, fixed and median scaling', () => {
    const generated = protocolCases.map((c, k) =>
      generate(200 + k, c.height * c.width, getProtocol(c.protocol).maxDepth, (c.predHeight ?? c.height) * (c.predWidth ?? c.width), c.nonFinite),
    );
    const cases: ReferenceCase[] = protocolCases.map((c, k) => {
      const p = getProtocol(c.protocol);
      return {
        name: c.name,
        height: c.height,
        width: c.width,
        predHeight: c.predHeight,
        predWidth: c.predWidth,
        gt: generated[k].gt,
        pred: generated[k].pred,
        min: p.minDepth,
        max: p.maxDepth,
        crop: referenceCrop(c.protocol),
        kbCrop: c.options.kbCrop,
        scale: c.options.scale,
        medianScaling: c.options.medianScaling,
      };
    });
    const ref = runReference(cases);
    protocolCases.forEach((c, k) => {
      const r = ref[c.name];
      const gt = { width: c.width, height: c.height, data: generated[k].gt };
      const pred = { width: c.predWidth ?? c.width, height: c.predHeight ?? c.height, data: generated[k].pred };
      const ours = evaluateImage(gt, pred, { protocol: getProtocol(c.protocol), ...c.options });
      expect(ours.validPixels, c.name).toBe(r.validPixels);
      expect(ours.nonFinite.nan + ours.nonFinite.posInf + ours.nonFinite.negInf, c.name).toBe(r.nonFinite);
      if (c.options.medianScaling) expect(ours.medianRatio, c.name).toBe(r.ratio);
      compareMetrics(ours.metrics!, r, 'bts', c.name);
    });
  });
});

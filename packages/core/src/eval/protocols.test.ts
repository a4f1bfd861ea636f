import { describe, expect, it } from 'vitest';
import type { DepthMap } from '../io/image-types.js';
import { metricNames } from '../metrics/depth-metrics.js';
import { seededRandom } from '../metrics/__reference__/seeded-random.js';
import { evaluateImage, type ImageEvaluation } from './evaluate-image.js';
import { aliasProtocolNames, getProtocol, protocolsForDataset, type ProtocolName } from './protocol.js';
import { readDepthFile } from './read-depth-file.js';
import { EvalReportBuilder } from './report-builder.js';
import { sharedDataDir } from './shared-data.js';
import { runProtocolReference, type ReferenceResult } from './__reference__/run-protocols.js';
import { kittiSpec } from '../datasets/kitti-spec.js';
import { nyuSpec } from '../datasets/nyu-spec.js';
import type { DatasetSpec } from '../datasets/spec.js';

/**
 * Every protocol against its own numpy reference (__reference__/protocols.py, written from each
 * project's public evaluation code), on images built to hit every way the protocols differ:
 * GT exactly at each cap, δ ratios exactly 5:4 in whole millimetres, valid pixels outside each
 * crop, predictions past the caps, an image with 9 valid pixels, a prediction at another size
 * (each resize rule) and predictions ≤ 0 or NaN.
 */
const mm = (v: number): number => Math.fround(v / 1000);

function normal(rand: () => number): number {
  return Math.sqrt(-2 * Math.log(1 - rand())) * Math.cos(2 * Math.PI * rand());
}

function buildImages(spec: DatasetSpec, height: number, width: number, seed: number): Array<{ name: string; gt: DepthMap; pred: DepthMap }> {
  const rand = seededRandom(seed);
  const maxMm = spec.maxDepth * 1000;
  const n = height * width;
  const base = (): { gt: Float32Array; pred: Float32Array } => {
    const gt = new Float32Array(n);
    const pred = new Float32Array(n);
    for (let i = 0; i < n; i++) {
      // Whole millimetres, some past the cap, 25% holes.
      gt[i] = rand() < 0.25 ? 0 : mm(Math.floor(1 + rand() * maxMm * 1.05));
      const p = (gt[i] > 0 ? gt[i] : 1 + rand() * spec.maxDepth) * Math.exp(0.2 * normal(rand));
      pred[i] = Math.fround(p);
    }
    for (let k = 0; k < n / 20; k++) {
      // Exact 5:4 and 4:5 ratios of whole millimetres: float32 and float64 δ disagree on some.
      const i = Math.floor(rand() * n);
      const unit = 4 * Math.floor(1 + rand() * (maxMm / 6));
      const [g, p] = rand() < 0.5 ? [unit, (unit * 5) / 4] : [(unit * 5) / 4, unit];
      gt[i] = mm(g);
      pred[i] = mm(p);
    }
    for (let k = 0; k < n / 50; k++) {
      // GT exactly at the caps, predictions past them.
      gt[Math.floor(rand() * n)] = Math.fround(spec.minDepth);
      gt[Math.floor(rand() * n)] = Math.fround(spec.maxDepth);
      pred[Math.floor(rand() * n)] = spec.maxDepth * (1.2 + rand());
      pred[Math.floor(rand() * n)] = Math.fround(spec.minDepth * rand());
    }
    return { gt, pred };
  };
  const main = base();
  const nonPositive = base();
  for (let k = 0; k < 30; k++) nonPositive.pred[Math.floor(rand() * n)] = k % 3 === 0 ? 0 : -rand();
  // A NaN: BTS replaces it by the lower cap, monodepth2 lets it through.
  for (let k = 0; k < 3; k++) nonPositive.pred[Math.floor(rand() * n)] = Number.NaN;
  const nine = new Float32Array(n);
  for (let k = 0; k < 9; k++) nine[Math.floor(height * 0.8) * width + Math.floor(width * 0.3) + 3 * k] = mm(2000 + 100 * k);
  const small = base();
  const ph = Math.floor(height / 2) + 1;
  const pw = Math.floor(width / 2) + 3;
  const smallPred = new Float32Array(ph * pw);
  for (let i = 0; i < smallPred.length; i++) smallPred[i] = Math.fround(1 + rand() * spec.maxDepth * 0.9);
  const map = (data: Float32Array, h = height, w = width): DepthMap => ({ width: w, height: h, data });
  return [
    { name: 'caps-ratios-crops', gt: map(main.gt), pred: map(main.pred) },
    { name: 'non-positive', gt: map(nonPositive.gt), pred: map(nonPositive.pred) },
    { name: 'nine-valid', gt: map(nine), pred: map(main.pred) },
    { name: 'other-size', gt: map(small.gt), pred: map(smallPred, ph, pw) },
  ];
}

type Ours = ImageEvaluation | { error: string };

function scoreOurs(protocol: ProtocolName, gt: DepthMap, pred: DepthMap): Ours {
  try {
    // depthkit's own names need --resize for another size; the published ones carry their rule.
    return evaluateImage(gt, pred, { protocol: getProtocol(protocol), resize: true });
  } catch (error) {
    return { error: (error as Error).message };
  }
}

function asNumber(v: number | string | undefined): number {
  if (typeof v === 'number') return v;
  return v === 'NaN' ? Number.NaN : v === 'Infinity' ? Infinity : v === '-Infinity' ? -Infinity : Number(v);
}

function sameNumber(a: number, b: number, tolerance: number): boolean {
  if (Number.isNaN(a) || Number.isNaN(b)) return Number.isNaN(a) && Number.isNaN(b);
  if (!Number.isFinite(a) || !Number.isFinite(b)) return a === b;
  return Math.abs(a - b) <= tolerance * Math.max(Math.abs(b), 1e-12);
}

function checkImage(protocol: ProtocolName, image: string, ours: Ours, ref: ReferenceResult): void {
  const what = `${protocol} / ${image}`;
  if (ref !== null && 'error' in ref) {
    expect('error' in ours, `${what}: the reference refuses this image, depthkit scored it`).toBe(true);
    return;
  }
  expect('error' in ours ? ours.error : null, what).toBeNull();
  const result = ours as ImageEvaluation;
  if (ref === null) {
    expect(result.metrics, `${what}: the reference skips this image`).toBeNull();
    return;
  }
  expect(result.validPixels, what).toBe(ref.validPixels);
  expect(result.metrics, what).not.toBeNull();
  for (const name of metricNames) {
    const exact = name.startsWith('d');
    const ok = sameNumber(result.metrics![name], asNumber(ref[name]), exact ? 0 : 1e-6);
    expect(ok, `${what} ${name}: depthkit ${result.metrics![name]} vs numpy ${ref[name]}`).toBe(true);
  }
}

/** Every number a protocol produced on the data, for telling protocols apart. */
function fingerprint(results: Ours[]): number[] {
  return results.flatMap((r) => ('error' in r ? [-1] : r.metrics === null ? [-2] : [r.validPixels, ...metricNames.map((m) => r.metrics![m])]));
}

function differ(a: number[], b: number[]): boolean {
  return a.length !== b.length || a.some((v, i) => !sameNumber(v, b[i], 1e-12));
}

const suites = [
  { spec: kittiSpec, height: 60, width: 200, seed: 21 },
  { spec: nyuSpec, height: 480, width: 640, seed: 22 },
];

describe.each(suites)('every $spec.name protocol equals its numpy reference', ({ spec, height, width, seed }) => {
  const images = buildImages(spec, height, width, seed);
  const protocols = protocolsForDataset(spec);
  const reference = runProtocolReference(images, protocols);
  const ours = Object.fromEntries(protocols.map((p) => [p, images.map((im) => scoreOurs(p, im.gt, im.pred))])) as Record<ProtocolName, Ours[]>;

  it.each(protocols)('%s: per image, continuous metrics to 1e-6, δ exactly', (protocol) => {
    images.forEach((im, k) => checkImage(protocol, im.name, ours[protocol][k], reference[protocol][k]));
  });

  it('protocols that differ in any setting give different numbers on this data', () => {
    const same: string[] = [];
    for (let i = 0; i < protocols.length; i++) {
      for (let j = i + 1; j < protocols.length; j++) {
        if (!differ(fingerprint(ours[protocols[i]]), fingerprint(ours[protocols[j]]))) same.push(`${protocols[i]} = ${protocols[j]}`);
      }
    }
    expect(same).toEqual([]);
  });

  it('the data hits each difference: float32 δ moves d1, the 9-pixel image is skipped only by Depth Anything V2', () => {
    const legacy = spec.name === 'kitti' ? 'kitti-garg' : 'nyu';
    const bts = spec.name === 'kitti' ? 'bts-kitti' : 'bts-nyu';
    const d1 = (p: ProtocolName): number => (ours[p][0] as ImageEvaluation).metrics!.d1;
    expect(d1(legacy)).not.toBe(d1(bts));
    const dav2 = spec.name === 'kitti' ? 'depth-anything-v2-kitti' : 'depth-anything-v2-nyu';
    expect((ours[dav2][2] as ImageEvaluation).metrics).toBeNull();
    expect((ours[dav2][2] as ImageEvaluation).validPixels).toBe(9);
    expect((ours[bts][2] as ImageEvaluation).metrics).not.toBeNull();
  });
});

describe('report over images', () => {
  it('the mean leaves out images under the minimum of valid pixels and says so', () => {
    const images = buildImages(nyuSpec, 480, 640, 23);
    const builder = new EvalReportBuilder({ protocol: getProtocol('depth-anything-v2-nyu') });
    images.forEach((im) => builder.add(im.name, im.gt, im.pred));
    const report = builder.build();
    expect([report.images, report.skipped, report.skippedFiles]).toEqual([3, 1, ['nine-valid']]);
    expect(report.protocolSettings).toMatchObject({ minValidPixels: 10, minInclusive: true, maxInclusive: true, clamp: false, silog: 'depth-anything-v2' });
  });

  it("depthkit's own names keep their meaning", () => {
    for (const name of aliasProtocolNames) {
      const p = getProtocol(name);
      expect([p.minInclusive, p.maxInclusive, p.clamp, p.deltaPrecision, p.silog, p.resize]).toEqual([false, false, true, 'float64', null, null]);
    }
  });
});

describe('float32 δ on a real NYU frame (whole millimetres)', () => {
  it('a prediction 5/4 of the GT where that is a whole millimetre: bts-nyu counts those pixels outside δ1, nyu (float64) some inside', async () => {
    const file = `${sharedDataDir()}/nyu/metric3d_nyu_demo/depth/sync_depth_00050.png`;
    const gt = await readDepthFile(file, 1000);
    const pred = new Float32Array(gt.data.length);
    for (let i = 0; i < pred.length; i++) {
      const millimetres = Math.round(gt.data[i] * 1000);
      pred[i] = millimetres % 4 === 0 ? Math.fround((millimetres * 5) / 4 / 1000) : gt.data[i];
    }
    const map = { width: gt.width, height: gt.height, data: pred };
    const bts = evaluateImage(gt, map, { protocol: getProtocol('bts-nyu') });
    const legacy = evaluateImage(gt, map, { protocol: getProtocol('nyu') });
    expect(bts.validPixels).toBe(legacy.validPixels);
    const flipped = Math.round((legacy.metrics!.d1 - bts.metrics!.d1) * bts.validPixels);
    expect(flipped).toBeGreaterThan(0);
    const reference = runProtocolReference([{ gt, pred: map }], ['bts-nyu', 'nyu']);
    expect(bts.metrics!.d1).toBe(asNumber((reference['bts-nyu'][0] as Record<string, number>).d1));
    expect(legacy.metrics!.d1).toBe(asNumber((reference.nyu[0] as Record<string, number>).d1));
  });
});

import { mkdtempSync } from 'node:fs';
import { mkdir, readFile, readdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { encodeNpyDepth } from '../eval/encode-npy.js';
import { readPng16Depth } from '../eval/read-png16-depth.js';
import { writeDepthPng } from '../io/depth-png.js';
import type { DepthMap } from '../io/image-types.js';
import { metricNames } from '../metrics/depth-metrics.js';
import { evalCommand, executeEval, executeEvalAll } from './eval-command.js';
import { protocolsForDataset } from '../eval/protocol.js';
import { kittiSpec } from '../datasets/kitti-spec.js';

const W = 60;
const H = 40;

/** KITTI-style GT: depth on a band of rows, value/256 exact, 0 elsewhere. */
function groundTruth(seed: number): DepthMap {
  const data = new Float32Array(W * H);
  for (let y = 20; y < H; y++) for (let x = 0; x < W; x++) data[y * W + x] = (256 + ((x * 37 + y * 11 + seed * 101) % 15000)) / 256;
  return { width: W, height: H, data };
}

async function fixture(): Promise<{ gt: string; pred: string; out: string }> {
  const root = mkdtempSync(path.join(tmpdir(), 'dk-eval-'));
  const gt = path.join(root, 'gt');
  const pred = path.join(root, 'pred');
  const a = groundTruth(1);
  const b = groundTruth(2);
  await writeDepthPng(path.join(gt, 'drive_a/0001.png'), a, 256);
  await writeDepthPng(path.join(gt, 'drive_b/0002.png'), b, 256);
  await writeDepthPng(path.join(gt, 'empty.png'), { width: W, height: H, data: new Float32Array(W * H) }, 256);
  // Prediction a: the GT itself, as PNG. b: GT×1.1 in metres as .npy. empty: anything.
  await writeDepthPng(path.join(pred, 'drive_a/0001.png'), a, 256);
  await mkdir(path.join(pred, 'drive_b'), { recursive: true });
  await writeFile(path.join(pred, 'drive_b/0002.npy'), encodeNpyDepth({ ...b, data: b.data.map((v) => v * 1.1) }));
  await writeFile(path.join(pred, 'empty.npy'), encodeNpyDepth({ width: W, height: H, data: new Float32Array(W * H).fill(3) }));
  return { gt, pred, out: path.join(root, 'out') };
}

describe('depthkit eval', () => {
  it('16-bit PNGs written for the fixture read back exactly', async () => {
    const root = mkdtempSync(path.join(tmpdir(), 'dk-png-'));
    const map = groundTruth(3);
    await writeDepthPng(path.join(root, 'x.png'), map, 256);
    const back = await readPng16Depth(path.join(root, 'x.png'), 256);
    expect([back.width, back.height]).toEqual([W, H]);
    expect(Array.from(back.data)).toEqual(Array.from(map.data));
  });

  it('matches files by relative path and stem, skips the empty image, writes JSON and CSV', async () => {
    const { gt, pred, out } = await fixture();
    const printed: string[] = [];
    const report = await executeEval(
      { protocol: 'kitti-garg', gt, pred, json: path.join(out, 'r.json'), csv: path.join(out, 'r.csv'), silog: 'bts' },
      (t) => printed.push(t),
    );
    const json = JSON.parse(await readFile(path.join(out, 'r.json'), 'utf8'));
    expect(Object.keys(json)).toEqual(expect.arrayContaining(['protocol', 'images', 'skipped', 'metrics', 'perImage']));
    expect(json.protocol).toBe('kitti-garg');
    expect([json.images, json.skipped, json.skippedFiles]).toEqual([2, 1, ['empty.png']]);
    expect(Object.keys(json.metrics)).toEqual([...metricNames]);
    expect(json.perImage.map((e: { file: string }) => e.file)).toEqual(['drive_a/0001.png', 'drive_b/0002.png']);
    const [a, b] = json.perImage;
    expect(a.abs_rel).toBe(0);
    expect(a.d1).toBe(1);
    expect(Math.abs(b.abs_rel - 0.1)).toBeLessThan(1e-7);
    // Garg on 40×60: rows 16:39, cols 2:57; GT rows 20..39 → 19 rows × 55 cols, all below 80 m.
    expect(a.validPixels).toBe(19 * 55);
    expect(json.metrics.abs_rel).toBeCloseTo((0 + b.abs_rel) / 2, 15);
    expect(json.settings).toMatchObject({ dataset: 'kitti', crop: 'garg', minDepth: 1e-3, maxDepth: 80, depthScale: 256, silog: 'bts' });
    expect(report.metrics).toEqual(json.metrics);

    const csv = (await readFile(path.join(out, 'r.csv'), 'utf8')).trim().split('\n');
    expect(csv[0]).toBe(`file,validPixels,${metricNames.join(',')},nonFinitePixels`);
    expect(csv.slice(1).map((l) => l.split(',')[0])).toEqual(['drive_a/0001.png', 'drive_b/0002.png']);
    expect(printed.join('')).toMatch(/\| protocol \| images \| skipped \| abs_rel \|[\s\S]*\| kitti-garg \| 2 \| 1 \| 0\.0500 \|/);
    expect((await readdir(out)).sort()).toEqual(['r.csv', 'r.json']); // no temp files left
  });

  it('missing predictions are an error listing the first paths', async () => {
    const { gt, out } = await fixture();
    const emptyPred = path.join(out, 'nothing');
    await mkdir(emptyPred, { recursive: true });
    await expect(executeEval({ protocol: 'kitti-garg', gt, pred: emptyPred, json: path.join(out, 'r.json') }, () => {})).rejects.toThrow(
      /nothing: 3 of 3 predictions missing, e\.g\. drive_a\/0001\.\{png,npy\}, drive_b\/0002\.\{png,npy\}, empty\.\{png,npy\}/,
    );
  });

  it('runs through commander, taking the protocol from --dataset', async () => {
    const { gt, pred, out } = await fixture();
    const write = vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
    try {
      await evalCommand().parseAsync(['--dataset', 'kitti', '--gt', gt, '--pred', pred, '--json', path.join(out, 'c.json'), '--silog', 'unidepth'], { from: 'user' });
    } finally {
      write.mockRestore();
    }
    const json = JSON.parse(await readFile(path.join(out, 'c.json'), 'utf8'));
    expect(json.protocol).toBe('kitti-garg');
    expect(json.settings.silog).toBe('unidepth');
    expect(json.conventions.silog).toMatch(/unbiased/);
  });

  it('--protocol all: one row per KITTI protocol, JSON of every report, CSV of the rows', async () => {
    const { gt, pred, out } = await fixture();
    const printed: string[] = [];
    const runs = await executeEvalAll(
      { protocol: 'all', dataset: 'kitti', gt, pred, resize: true, json: path.join(out, 'all.json'), csv: path.join(out, 'all.csv') },
      (t) => printed.push(t),
    );
    const names = protocolsForDataset(kittiSpec);
    expect(runs.map((r) => r.protocol)).toEqual(names);
    expect(runs.every((r) => r.report !== undefined)).toBe(true);
    const table = printed.join('').trim().split('\n');
    expect(table[0]).toBe(`| protocol | images | skipped | ${metricNames.join(' | ')} |`);
    expect(table.slice(2).map((l) => l.split(' | ')[0].slice(2))).toEqual(names);
    const json = JSON.parse(await readFile(path.join(out, 'all.json'), 'utf8'));
    expect(json.protocols.find((r: { protocol: string }) => r.protocol === 'unidepth-kitti').report.protocolSettings).toMatchObject({ maxInclusive: true, clamp: false, silog: 'unidepth' });
    const csv = (await readFile(path.join(out, 'all.csv'), 'utf8')).trim().split('\n');
    expect(csv.slice(1).map((l) => l.split(',')[0])).toEqual(names);
    // The fixture's GT×1.1 prediction scores 0.1 AbsRel under BTS; the devkit sees every GT pixel > 0.
    const bts = runs.find((r) => r.protocol === 'bts-kitti')!.report!;
    const devkit = runs.find((r) => r.protocol === 'kitti-benchmark')!.report!;
    expect(devkit.perImage[0].validPixels).toBeGreaterThan(bts.perImage[0].validPixels);
  });

  it('--protocol all needs --dataset; a published protocol refuses another --silog', async () => {
    const { gt, pred, out } = await fixture();
    await expect(executeEvalAll({ protocol: 'all', gt, pred, json: path.join(out, 'x.json') }, () => {})).rejects.toThrow(/--protocol all needs --dataset \(kitti, nyu\)/);
    await expect(executeEval({ protocol: 'unidepth-kitti', gt, pred, json: path.join(out, 'x.json'), silog: 'bts' }, () => {})).rejects.toThrow(
      /protocol 'unidepth-kitti' computes SILog as 'unidepth'; --silog bts only applies to/,
    );
    await expect(executeEval({ protocol: 'bts-kitti', gt, json: path.join(out, 'x.json') }, () => {})).rejects.toThrow(/eval: missing --pred/);
  });

  it('--list-protocols prints every protocol with its settings and source', async () => {
    const write = vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
    try {
      await evalCommand().parseAsync(['--list-protocols'], { from: 'user' });
      const text = write.mock.calls.map((c) => String(c[0])).join('');
      expect(text).toMatch(/^\| name \| dataset \| crop \| minDepth \| minInclusive/);
      expect(text).toContain('| depth-anything-v2-nyu | nyu | null | 0.001 | true | 10 | true | false |');
      expect(text).toContain('evaluate_depth.cpp depthError()');
    } finally {
      write.mockRestore();
    }
  });
});

describe('depthkit eval: faults that used to be silent', () => {
  async function folders(): Promise<{ gt: string; pred: string; json: string }> {
    const root = mkdtempSync(path.join(tmpdir(), 'dk-eval-faults-'));
    return { gt: path.join(root, 'gt'), pred: path.join(root, 'pred'), json: path.join(root, 'out', 'r.json') };
  }

  it('accepts an upper-case .NPY prediction, and warns with a count when negative predictions are clamped', async () => {
    const { gt, pred, json } = await folders();
    const a = groundTruth(1);
    await writeDepthPng(path.join(gt, '0001.png'), a, 256);
    await mkdir(pred, { recursive: true });
    // 7 pixels negative, 3 exactly zero: 10 raised to minDepth.
    await writeFile(path.join(pred, '0001.NPY'), encodeNpyDepth({ ...a, data: a.data.map((v, i) => (i < 7 ? -2 : i < 10 ? 0 : v || 5)) }));
    const printed: string[] = [];
    const report = await executeEval({ protocol: 'kitti-garg', gt, pred, json, silog: 'bts' }, (t) => printed.push(t));
    expect([report.images, report.nonPositivePixels]).toEqual([1, 10]);
    expect(printed.join('')).toContain('warning: clamped 10 negative or zero prediction pixels to 0.001 (minDepth)');
  });

  it('refuses ground truth that is all zeros instead of exiting with null metrics, writing no report', async () => {
    const { gt, pred, json } = await folders();
    const zero = { width: W, height: H, data: new Float32Array(W * H) };
    await writeDepthPng(path.join(gt, '0001.png'), zero, 256);
    await writeDepthPng(path.join(pred, '0001.png'), groundTruth(1), 256);
    await expect(executeEval({ protocol: 'kitti-garg', gt, pred, json, silog: 'bts' }, () => undefined)).rejects.toThrow(
      `${gt}: none of the 1 ground-truth files has a valid pixel (0.001 < gt < 80 inside the crop), e.g. 0001.png; expected depth maps (all zero?`);
    await expect(readdir(path.dirname(json))).rejects.toThrow();
  });

  it('refuses a prediction that is the ground truth transposed, with or without --resize', async () => {
    const { gt, pred, json } = await folders();
    const a = groundTruth(1);
    await writeDepthPng(path.join(gt, '0001.png'), a, 256);
    await mkdir(pred, { recursive: true });
    await writeFile(path.join(pred, '0001.npy'), encodeNpyDepth({ width: H, height: W, data: a.data }));
    for (const resize of [false, true]) {
      await expect(executeEval({ protocol: 'kitti-garg', gt, pred, json, silog: 'bts', resize }, () => undefined)).rejects.toThrow(
        `0001.png: prediction is ${W}×${H} (H×W), the ground truth's ${H}×${W} transposed; expected ${H} rows of ${W}`);
    }
  });
});

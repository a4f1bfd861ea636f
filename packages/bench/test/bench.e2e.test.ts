import { existsSync } from 'node:fs';
import { copyFile, mkdir, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { type DepthMethod } from '@depthkit/core';
import { sharedData } from '@depthkit/core/testing';
import { hmaDepth } from '@depthkit/hma-depth';
import { beforeAll, describe, expect, it } from 'vitest';
import { benchMethods, benchSettings } from '../src/methods.js';
import type { BenchResults } from '../src/results.js';
import { runBench, type BenchRun } from '../src/run-bench.js';
import { benchSuites } from '../src/suites.js';
import { workspaceRoot } from '../src/workspace-root.js';

/** A method with an NYU preset only: the KITTI suite must give it a "not applicable" row. */
const nyuOnly = { ...hmaDepth, id: 'nyu-only', presets: { 'tiny-nyu': hmaDepth.presets['tiny-nyu'] } } as DepthMethod<unknown>;
const methods = [...benchMethods, nyuOnly];
/** One row per method, or per predict-time setting of the methods that have several. */
const rowMethods = methods.flatMap((m) => (benchSettings[m.id] ?? [undefined]).map(() => m.id));
const quiet = () => undefined;

let root: string;
let synthetic: BenchRun;

beforeAll(async () => {
  root = await mkdtemp(path.join(tmpdir(), 'depthkit-bench-'));
  synthetic = await runBench({
    suite: benchSuites.kitti, methods, outDir: path.join(root, 'synthetic'), steps: 2, syntheticTrain: 8, syntheticTest: 3,
    gridImages: 2, engine: 'wasm', progress: 'none', log: quiet,
  });
}, 900_000);

describe('bench on a very small synthetic KITTI suite', () => {
  it('writes results.json with one row per listed method, saying the data is synthetic', async () => {
    const results = JSON.parse(await readFile(path.join(synthetic.outDir, 'results.json'), 'utf8')) as BenchResults;
    expect(results.suite).toBe('kitti');
    expect(results.dataKind).toBe('synthetic');
    expect(results.data).toMatch(/^SYNTHETIC data, not KITTI: depthkit synth --layout kitti \(8 train \/ 3 test frames/);
    expect(results.methods.map((m) => m.method)).toEqual(rowMethods);
    // segment-depth is scored with and without depthkit's test-time resample, each row naming which.
    expect(results.methods.filter((m) => m.method === 'segment-depth').map((m) => m.setting)).toEqual([
      expect.stringMatching(/^matchTestFocal=true/), expect.stringMatching(/^matchTestFocal=false/),
    ]);
    for (const row of results.methods.filter((m) => m.method !== 'nyu-only')) {
      expect(row, row.method).toMatchObject({ status: 'ok', model: 'trained', trainSteps: 2, images: 3 });
      expect(row.abs_rel, row.method).toBeGreaterThan(0);
      expect(Number.isFinite(row.rmse) && Number.isFinite(row.d1), row.method).toBe(true);
      expect(row.params, row.method).toBeGreaterThan(1000);
      expect(row.inferenceMs, row.method).toBeGreaterThan(0);
      expect(row.trainSeconds, row.method).toBeGreaterThan(0);
    }
    expect(results.methods.at(-1)).toMatchObject({ method: 'nyu-only', status: 'not applicable', reason: "no 'tiny' preset for kitti" });
    expect(results.baseline?.metrics?.abs_rel).toBeGreaterThan(0);
  });

  it('writes the same rows as CSV, and one per-image line per scored image', async () => {
    const csv = (await readFile(path.join(synthetic.outDir, 'results.csv'), 'utf8')).trim().split('\n');
    expect(csv[0].split(',').slice(0, 6)).toEqual(['method', 'status', 'preset', 'setting', 'model', 'abs_rel']);
    expect(csv.slice(1).map((line) => line.split(',')[0])).toEqual(rowMethods);
    const perImage = (await readFile(path.join(synthetic.outDir, 'per-image.csv'), 'utf8')).trim().split('\n');
    expect(perImage.length - 1).toBe(3 * (rowMethods.length - 1));
    expect(synthetic.table).toContain('| nyu-only | not applicable: no \'tiny\' preset for kitti |');
  });

  it('renders report.html in headless Chromium: no console error, a row per method, every image loads', async () => {
    const browser = await chromium.launch({
      executablePath: '/usr/bin/chromium',
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
    });
    try {
      const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
      const errors: string[] = [];
      page.on('console', (message) => {
        if (message.type() === 'error') errors.push(message.text());
      });
      page.on('pageerror', (error) => errors.push(error.message));
      await page.goto(`file://${path.join(synthetic.outDir, 'report.html')}`);
      expect(await page.locator('tr.measured').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-method')))).toEqual(rowMethods);
      // Runs in the page: typed structurally, since the test's tsconfig has no DOM library.
      const images = await page.locator('img').evaluateAll((imgs) => imgs.map((img) => {
        const loaded = img as unknown as { complete: boolean; naturalWidth: number };
        return { ok: loaded.complete, w: loaded.naturalWidth };
      }));
      // RGB + GT per grid image, and depth + error per method that ran.
      expect(images).toHaveLength(2 * (2 + 2 * benchMethods.length));
      expect(images.every((img) => img.ok && img.w > 0)).toBe(true);
      expect(await page.locator('tr.paper').count()).toBeGreaterThan(0);
      expect(await page.locator('p.data.synthetic').textContent()).toContain('SYNTHETIC');
      const artefacts = path.join(workspaceRoot(), 'bench-results', 'artifacts');
      await mkdir(artefacts, { recursive: true });
      await page.screenshot({ path: path.join(artefacts, 'bench-report.png'), fullPage: true });
      expect(errors).toEqual([]);
    } finally {
      await browser.close();
    }
  });
});

describe('bench on real KITTI samples (the on-disk format of ../shared/data)', () => {
  it('scores the checkpoints of the synthetic run on a real KITTI tree, and says so', async () => {
    const kitti = await realKittiTree(path.join(root, 'kitti'));
    const run = await runBench({
      suite: benchSuites.kitti, methods: [hmaDepth], dataRoot: kitti.root, splitFile: kitti.splitFile,
      checkpoints: synthetic.outDir, outDir: path.join(root, 'real'), gridImages: 1, engine: 'wasm', progress: 'none', log: quiet,
    });
    expect(run.results.dataKind).toBe('real');
    expect(run.results.data).toContain(`real KITTI at ${kitti.root}`);
    expect(run.results.baseline).toBeUndefined();
    const [row] = run.results.methods;
    expect(row).toMatchObject({ method: 'hma-depth', status: 'ok', model: 'checkpoint', images: 3, trainSeconds: null });
    expect(row.abs_rel).toBeGreaterThan(0);
    expect(existsSync(path.join(root, 'real', 'hma-depth', 'train-log.jsonl'))).toBe(false);
  });
});

/** Three real frames with their calibration and a LiDAR scan: the Eigen split's raw layout. */
async function realKittiTree(dir: string): Promise<{ root: string; splitFile: string }> {
  const date = '2011_09_26';
  const drive = '2011_09_26_drive_0001_sync';
  const images = path.join(dir, date, drive, 'image_02', 'data');
  const scans = path.join(dir, date, drive, 'velodyne_points', 'data');
  for (const d of [images, scans]) await mkdir(d, { recursive: true });
  for (const name of ['calib_cam_to_cam.txt', 'calib_velo_to_cam.txt']) await copyFile(sharedData('kitti', date, name), path.join(dir, date, name));
  const frames = ['0000000005', '0000000050', '0000000100'];
  for (const frame of frames) {
    await copyFile(sharedData(`kitti/metric3d_kitti_demo/rgb/${frame}.png`), path.join(images, `${frame}.png`));
    await copyFile(sharedData('kitti/velodyne_unpaired/0000000000.bin'), path.join(scans, `${frame}.bin`));
  }
  const splitFile = path.join(dir, 'eigen_subset.txt');
  await writeFile(splitFile, frames.map((f) => `${date}/${drive} ${Number(f)} l`).join('\n'));
  return { root: dir, splitFile };
}

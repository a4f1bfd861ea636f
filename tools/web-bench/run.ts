// pnpm bench:web — depthkit in headless Chromium: per method (tiny preset, untrained weights: the
// speed does not depend on their values) and per backend Chromium offers here, the time to load
// an `export --web` folder, the time per frame at the preset's test size (median after warm-ups)
// and the peak JS heap; and the gzipped size of every `/web` entry bundled with esbuild.
// A benchmark, not a test: it prints figures and writes bench-results/web.json.
import { copyFile, mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { chromium, type Browser } from 'playwright-core';
import { depthMethodContractVersion, exportWebModel, initEngine, saveMethodModel, writeFileAtomic, type DepthMethod } from '@depthkit/core';
import { benchMethods } from '@depthkit/bench';
import { serveStatic } from '../../packages/web-demo/scripts/static-server.js';
import { bundleSize, entryFile, type BundleSize } from './bundle-sizes.js';
import type { PageResult, PageRun } from './page.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const backends = ['wasm', 'webgl', 'webgpu'] as const;
const warmups = Number(process.env.WEB_BENCH_WARMUPS ?? 3);
const frames = Number(process.env.WEB_BENCH_FRAMES ?? 10);
const presetName = process.env.WEB_BENCH_PRESET ?? 'tiny';
const timeoutSeconds = Number(process.env.WEB_BENCH_TIMEOUT ?? 180);
const onlyBackends = process.env.WEB_BENCH_BACKENDS?.split(',');
const entries = ['@depthkit/core/web', ...benchMethods.map((m) => `@depthkit/${m.id}/web`), '@depthkit/web'];

// SwiftShader gives WebGL (and, with Vulkan, WebGPU) to a machine without a GPU.
const chromiumArgs = [
  '--headless', '--no-sandbox', '--disable-background-networking', '--enable-precise-memory-info',
  '--use-angle=swiftshader', '--enable-unsafe-swiftshader', '--enable-unsafe-webgpu', '--enable-features=Vulkan', '--use-vulkan=swiftshader',
];

interface Row {
  method: string;
  preset: string;
  backend: string;
  status: 'ok' | 'unavailable' | 'failed';
  reason?: string;
  testSize?: [number, number];
  weightsMiB?: number;
  loadMs?: number;
  firstFrameMs?: number;
  frameMs?: number;
  frames?: number;
  peakHeapMiB?: number | null;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const log = (line: string) => process.stderr.write(`[bench:web] ${line}\n`);

async function exportModels(dir: string): Promise<Map<string, number>> {
  await initEngine({ engine: 'wasm', log: false });
  const sizes = new Map<string, number>();
  for (const method of benchMethods as ReadonlyArray<DepthMethod<unknown>>) {
    const preset = method.presets[presetName];
    const built = method.createModel(preset.config);
    const modelDir = path.join(dir, 'trained', method.id);
    await saveMethodModel(modelDir, built, {
      contractVersion: depthMethodContractVersion, method: method.id, preset: preset.name, dataset: preset.dataset.name,
      config: preset.config, stride: built.stride, ...(built.extraState ? { extraState: built.extraState() } : {}),
    });
    built.model.dispose();
    const out = await exportWebModel({ method, modelDir, outDir: path.join(dir, 'site', 'models', method.id) });
    sizes.set(method.id, out.weightBytes / 1024 / 1024);
    log(`exported ${method.id} (${preset.name}): ${(out.weightBytes / 1024 / 1024).toFixed(2)} MiB`);
  }
  return sizes;
}

async function writeSite(site: string): Promise<void> {
  await build({
    // Unminified, as the demo: tfjs's threaded wasm worker is built from its own source text.
    entryPoints: [path.join(root, 'tools/web-bench/page.ts')], bundle: true, platform: 'browser', format: 'esm', minify: false,
    conditions: ['@depthkit/source'], outfile: path.join(site, 'page.js'), logLevel: 'warning',
  });
  await writeFile(path.join(site, 'index.html'), '<!doctype html><meta charset="utf-8"><title>bench:web</title><script type="module" src="page.js"></script>\n');
  const wasmDir = path.join(root, 'node_modules/@tensorflow/tfjs-backend-wasm/dist');
  const fromPackage = path.join(root, 'packages/web-demo/node_modules/@tensorflow/tfjs-backend-wasm/dist');
  await mkdir(path.join(site, 'wasm'), { recursive: true });
  const source = await readdir(fromPackage).then(() => fromPackage, () => wasmDir);
  for (const f of (await readdir(source)).filter((n) => n.endsWith('.wasm'))) await copyFile(path.join(source, f), path.join(site, 'wasm', f));
}

async function measure(browser: Browser, url: string, method: string, backend: (typeof backends)[number]): Promise<PageResult> {
  const context = await browser.newContext();
  try {
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(url);
    await page.waitForFunction(() => 'runBench' in window);
    const run: PageRun = { modelUrl: `models/${method}/model.json`, backend, warmups, frames };
    const timeout = new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`no result within ${timeoutSeconds} s (WEB_BENCH_TIMEOUT)`)), timeoutSeconds * 1000).unref());
    return await Promise.race([page.evaluate((o) => (window as unknown as { runBench: (o: PageRun) => Promise<PageResult> }).runBench(o), run), timeout]);
  } finally {
    await context.close();
  }
}

async function main(): Promise<void> {
  const work = await mkdtemp(path.join(tmpdir(), 'depthkit-web-bench-'));
  const site = path.join(work, 'site');
  try {
    log('bundle sizes (esbuild, minified, --platform=browser, from sources)…');
    const bundles: BundleSize[] = [];
    for (const entry of entries) bundles.push(await bundleSize(entry, entryFile(root, entry)));
    const weights = await exportModels(work);
    await writeSite(site);
    const { url, server } = await serveStatic(site);
    const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: chromiumArgs });
    const version = browser.version();
    const rows: Row[] = [];
    try {
      for (const backend of backends.filter((b) => !onlyBackends || onlyBackends.includes(b))) {
        for (const method of benchMethods) {
          const row: Row = { method: method.id, preset: presetName, backend, status: 'ok', weightsMiB: weights.get(method.id) };
          log(`${method.id} · ${backend} …`);
          try {
            const r = await measure(browser, url, method.id, backend);
            if (r.backend !== backend) Object.assign(row, { status: 'unavailable', reason: `the loader fell back to ${r.backend}` });
            else {
              Object.assign(row, {
                testSize: r.testSize, loadMs: r.loadMs, firstFrameMs: r.firstMs, frameMs: median(r.frameMs), frames: r.frameMs.length,
                peakHeapMiB: r.peakHeapBytes == null ? null : r.peakHeapBytes / 1024 / 1024,
              });
            }
          } catch (error) {
            const message = (error instanceof Error ? error.message : String(error)).split('\n').find((l) => l.trim() !== '') ?? 'failed';
            const unavailable = /not available|unavailable|no adapter|not supported|could not (get|create)|failed to (initiali|create)/i.test(message);
            Object.assign(row, { status: unavailable ? 'unavailable' : 'failed', reason: message.replace(/^page\.evaluate: (Error: )?/, '').slice(0, 200) });
          }
          rows.push(row);
          log(`${method.id} · ${backend}: ${row.status === 'ok' ? `${row.frameMs!.toFixed(1)} ms/frame, load ${row.loadMs!.toFixed(0)} ms` : `${row.status} — ${row.reason}`}`);
        }
      }
    } finally {
      await browser.close();
      server.close();
    }
    const results = {
      createdAt: new Date().toISOString(), chromium: version, flags: chromiumArgs, preset: presetName, warmups, frames,
      note: 'untrained weights (timing does not depend on their values); time per frame = estimate() on an ImageData at the preset test size, median after warm-ups, read-back included',
      bundles, rows,
    };
    await writeFileAtomic(path.join(root, 'bench-results', 'web.json'), `${JSON.stringify(results, null, 2)}\n`);
    process.stdout.write(`${table(bundles, rows, version)}\nwrote bench-results/web.json\n`);
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

function table(bundles: BundleSize[], rows: Row[], version: string): string {
  const kib = (n: number) => `${(n / 1024).toFixed(1)} KiB`;
  const lines = [
    `bundle sizes (esbuild --minify --platform=browser; gzip -9)`, '',
    '| entry | bundled, gzipped | own code, gzipped (tfjs and other @depthkit external) |', '|---|---:|---:|',
    ...bundles.map((b) => `| ${b.entry} | ${kib(b.gzipped)} | ${kib(b.ownGzipped)} |`), '',
    `headless Chromium ${version}, preset ${presetName}, median of ${frames} frames after ${warmups} warm-ups`, '',
    '| method | backend | test size | weights | load | first frame | per frame | peak JS heap |', '|---|---|---|---:|---:|---:|---:|---:|',
    ...rows.map((r) => r.status === 'ok'
      ? `| ${r.method} | ${r.backend} | ${r.testSize!.join('×')} | ${r.weightsMiB!.toFixed(2)} MiB | ${r.loadMs!.toFixed(0)} ms | ${r.firstFrameMs!.toFixed(0)} ms | ${r.frameMs!.toFixed(1)} ms | ${r.peakHeapMiB == null ? 'n/a' : `${r.peakHeapMiB.toFixed(1)} MiB`} |`
      : `| ${r.method} | ${r.backend} | ${r.status}: ${r.reason} | | | | | |`),
  ];
  return lines.join('\n');
}

await main();

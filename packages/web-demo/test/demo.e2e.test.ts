import { mkdir, mkdtemp, readdir } from 'node:fs/promises';
import type { Server } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { colormapColour, initEngine } from '@depthkit/core';
import { saveAndReload } from '@depthkit/core/testing';
import { hmaDepth } from '@depthkit/hma-depth';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildDemo, exportModels, workspaceDir, writeSamples } from '../scripts/demo-assets.js';
import { serveStatic } from '../scripts/static-server.js';
import { expectedColour } from './expected-colour.js';

let url: string;
let server: Server;
let outDir: string;

beforeAll(async () => {
  await initEngine({ engine: 'wasm', log: false });
  const root = await mkdtemp(path.join(tmpdir(), 'dk-web-demo-'));
  // Untrained weights jittered off their initial values: the page must show whatever the network says.
  const saved = await saveAndReload(hmaDepth, 'tiny', { jitter: 0.05 });
  saved.built.model.dispose();
  saved.loaded.built.model.dispose();
  const publicDir = path.join(root, 'public');
  await exportModels([{ name: 'hma-depth-tiny', modelDir: saved.dir }], publicDir, () => undefined);
  await writeSamples(publicDir);
  outDir = path.join(root, 'dist');
  await buildDemo(publicDir, outDir);
  ({ url, server } = await serveStatic(outDir));
}, 180_000);

afterAll(() => {
  server?.close();
});

interface PageDepth {
  status: string;
  error?: string;
  backend: string;
  width: number;
  height: number;
  min: number;
  max: number;
  depth: number[];
  colormap: string;
  canvas: number[];
  canvasSize: [number, number];
}

describe('the demo page', () => {
  it('builds the page with the exported model and the samples beside it', async () => {
    expect((await readdir(path.join(outDir, 'models', 'hma-depth-tiny'))).sort()).toEqual(['group1-shard1of1.bin', 'model.json']);
    expect(await readdir(path.join(outDir, 'samples'))).toContain('synthetic-street.png');
  });

  it('loads, estimates one bundled image on wasm and draws depth whose colours follow the colour map', async () => {
    const browser = await chromium.launch({
      executablePath: '/usr/bin/chromium',
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
    });
    try {
      const page = await browser.newPage({ viewport: { width: 1300, height: 700 } });
      const errors: string[] = [];
      page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
      page.on('pageerror', (e) => errors.push(e.message));
      await page.goto(`${url}?model=hma-depth-tiny&sample=kitti-0050&backend=wasm`);
      await page.waitForFunction(() => {
        const s = (window as unknown as { depthDemo?: { status: string; estimates: number } }).depthDemo;
        return s != null && (s.estimates > 0 || s.status === 'error');
      }, undefined, { timeout: 60_000 });
      // Runs in the page: typed structurally, since the test's tsconfig has DOM but the page's globals are its own.
      const got = await page.evaluate(() => {
        const s = (window as unknown as { depthDemo: { status: string; error?: string; model?: { backend: string }; last?: { result: { depth: Float32Array; width: number; height: number; min: number; max: number }; colormap: string } } }).depthDemo;
        const canvas = document.getElementById('depth-canvas') as HTMLCanvasElement;
        const pixels = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height).data;
        const r = s.last?.result;
        return {
          status: s.status, error: s.error, backend: s.model?.backend ?? '', width: r?.width ?? 0, height: r?.height ?? 0, min: r?.min ?? 0, max: r?.max ?? 0,
          depth: r ? Array.from(r.depth) : [], colormap: s.last?.colormap ?? '', canvas: Array.from(pixels), canvasSize: [canvas.width, canvas.height],
        } satisfies PageDepth;
      });
      const artefacts = path.join(workspaceDir, 'bench-results', 'artifacts');
      await mkdir(artefacts, { recursive: true });
      await page.screenshot({ path: path.join(artefacts, 'web-demo.png'), fullPage: true });
      expect(got.error).toBeUndefined();
      expect(got.backend).toBe('wasm');
      // The KITTI frame is 1242×375: depth comes back at the image's size.
      expect([got.width, got.height]).toEqual([1242, 375]);
      expect(got.canvasSize).toEqual([1242, 375]);
      expect(got.depth.length).toBe(1242 * 375);
      expect(got.depth.every(Number.isFinite)).toBe(true);
      expect(got.max).toBeGreaterThan(got.min);

      // Not blank: many distinct colours, none of them transparent.
      const colours = new Set<number>();
      for (let i = 0; i < got.canvas.length; i += 4) colours.add((got.canvas[i] << 16) | (got.canvas[i + 1] << 8) | got.canvas[i + 2]);
      expect(colours.size).toBeGreaterThan(20);
      expect(got.canvas.filter((_, i) => i % 4 === 3).every((a) => a === 255)).toBe(true);

      // The nearest and the farthest pixel wear the colour map's colours for their depths, and differ.
      let far = 0;
      let near = 0;
      got.depth.forEach((d, i) => { if (d > got.depth[far]) far = i; if (d < got.depth[near]) near = i; });
      const at = (i: number) => got.canvas.slice(i * 4, i * 4 + 3);
      const name = got.colormap as Parameters<typeof colormapColour>[0];
      expect(at(far)).toEqual(expectedColour(name, got.depth[far], got.min, got.max));
      expect(at(near)).toEqual(expectedColour(name, got.depth[near], got.min, got.max));
      expect(at(far)).not.toEqual(at(near));
      expect(errors).toEqual([]);
    } finally {
      await browser.close();
    }
  });
});

import { mkdir, mkdtemp, readdir } from 'node:fs/promises';
import type { Server } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { initEngine, type ColormapName } from '@depthkit/core';
import { saveAndReload } from '@depthkit/core/testing';
import { hmaDepth } from '@depthkit/hma-depth';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildDemo, exportModels, workspaceDir, writeSamples } from '../scripts/demo-assets.js';
import { serveStatic } from '../scripts/static-server.js';
import { endColours } from './expected-colour.js';

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

/** What the test reads from the page (computed there: a 1242×375 map is too big to ship as JSON). */
interface PageDepth {
  status: string;
  error?: string;
  backend: string;
  width: number;
  height: number;
  min: number;
  max: number;
  colormap: string;
  canvasSize: [number, number];
  finite: boolean;
  nearest: { depth: number; colour: number[] };
  farthest: { depth: number; colour: number[] };
  distinctColours: number;
  opaque: boolean;
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
      // Runs in the page: typed structurally, since the page's globals are its own.
      const got = await page.evaluate((): PageDepth => {
        const s = (window as unknown as { depthDemo: { status: string; error?: string; model?: { backend: string }; last?: { result: { depth: Float32Array; width: number; height: number; min: number; max: number }; colormap: string } } }).depthDemo;
        const canvas = document.getElementById('depth-canvas') as HTMLCanvasElement;
        const pixels = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height).data;
        const r = s.last!.result;
        let near = 0;
        let far = 0;
        r.depth.forEach((d, i) => { if (d < r.depth[near]) near = i; if (d > r.depth[far]) far = i; });
        const colour = (i: number) => Array.from(pixels.slice(i * 4, i * 4 + 3));
        const distinct = new Set<number>();
        let opaque = true;
        for (let i = 0; i < pixels.length; i += 4) {
          distinct.add((pixels[i] << 16) | (pixels[i + 1] << 8) | pixels[i + 2]);
          opaque &&= pixels[i + 3] === 255;
        }
        return {
          status: s.status, error: s.error, backend: s.model?.backend ?? '', width: r.width, height: r.height, min: r.min, max: r.max,
          colormap: s.last!.colormap, canvasSize: [canvas.width, canvas.height], finite: r.depth.every(Number.isFinite),
          nearest: { depth: r.depth[near], colour: colour(near) }, farthest: { depth: r.depth[far], colour: colour(far) },
          distinctColours: distinct.size, opaque,
        };
      });
      const artefacts = path.join(workspaceDir, 'bench-results', 'artifacts');
      await mkdir(artefacts, { recursive: true });
      await page.screenshot({ path: path.join(artefacts, 'web-demo.png'), fullPage: true });
      expect(got.error).toBeUndefined();
      expect(got.backend).toBe('wasm');
      // The KITTI frame is 1242×375: depth comes back at the image's size.
      expect([got.width, got.height]).toEqual([1242, 375]);
      expect(got.canvasSize).toEqual([1242, 375]);
      expect(got.finite).toBe(true);
      expect([got.nearest.depth, got.farthest.depth]).toEqual([got.min, got.max]);
      expect(got.max).toBeGreaterThan(got.min);
      // Not blank: many distinct colours, every pixel opaque.
      expect(got.distinctColours).toBeGreaterThan(20);
      expect(got.opaque).toBe(true);
      // The nearest and the farthest pixel wear the two ends of the colour map (toColour: inverse depth, near = top).
      const ends = endColours(got.colormap as ColormapName);
      expect(got.farthest.colour).toEqual(ends.farthest);
      expect(got.nearest.colour).toEqual(ends.nearest);
      expect(got.nearest.colour).not.toEqual(got.farthest.colour);

      // Hover: the metres under the pointer, read from the same depth map.
      const box = (await page.locator('#depth-canvas').boundingBox())!;
      await page.mouse.move(box.x + box.width * 0.25, box.y + box.height * 0.5);
      const hover = /^(\d+\.\d{2}) m at \((\d+), (\d+)\)$/.exec((await page.locator('#hover').textContent()) ?? '');
      expect(hover).not.toBeNull();
      const [x, y] = [Number(hover![2]), Number(hover![3])];
      expect(Math.abs(x - 1242 * 0.25)).toBeLessThanOrEqual(3);
      expect(Math.abs(y - 375 * 0.5)).toBeLessThanOrEqual(3);
      const under = await page.evaluate(([px, py]) => {
        const r = (window as unknown as { depthDemo: { last: { result: { depth: Float32Array; width: number } } } }).depthDemo.last.result;
        return r.depth[py * r.width + px];
      }, [x, y]);
      expect(Number(hover![1])).toBeCloseTo(under, 2);
      expect(errors).toEqual([]);
    } finally {
      await browser.close();
    }
  });
});

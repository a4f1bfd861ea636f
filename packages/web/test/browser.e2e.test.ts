import { cp, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { predictSample, type RgbImage } from '@depthkit/core';
import { relativeError, sharedData } from '@depthkit/core/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { initWebBackend } from '../src/index.js';
import { startHarness, type Harness } from './browser/harness.js';
import { editMetadata, readRealImage, realImages, tinyModelFolder, tinyModels, type TinyModelFolder } from './model-folders.js';

// Headless Debian Chromium through playwright-core, as the bench's report test: one browser, one
// server and one page for the file; every model is a tiny preset.
type PageApi = {
  decode(url: string, scale?: number): Promise<{ width: number; height: number; rgba: string }>;
  load(from: string, backend: string): Promise<{ ok: true; method: string; preset: string; dataset: string; testSize: unknown; backend: string; progress: number[]; log: string[] } | { ok: false; error: string }>;
  copyToIndexedDb(url: string, name: string): Promise<void>;
  estimate(url: string, scale?: number): Promise<{ width: number; height: number; min: number; max: number; ms: number; depth: string; colourSample: number[] }>;
  leakCheck(url: string, count: number, scale?: number): Promise<{ before: number; after: number; afterDispose: number }>;
  estimateError(what: string): Promise<string>;
};

let harness: Harness;
let scratch: string;
const folders = new Map<string, TinyModelFolder>();
/** The page's decoding of each real image, the pixels Node's reference is computed on. */
const decoded = new Map<string, RgbImage>();
const references = new Map<string, Float32Array>();
let webgl: { ok: boolean; reason: string };

function call<K extends keyof PageApi>(name: K, ...args: Parameters<PageApi[K]>): ReturnType<PageApi[K]> {
  return harness.page.evaluate(([n, a]) => {
    const api = (window as unknown as { depthkitTest: Record<string, (...x: unknown[]) => unknown> }).depthkitTest;
    return api[n as string](...(a as unknown[]));
  }, [name, args] as const) as ReturnType<PageApi[K]>;
}

function floats(b64: string): Float32Array {
  const bytes = Buffer.from(b64, 'base64');
  return new Float32Array(bytes.buffer, bytes.byteOffset, bytes.byteLength / 4);
}

function rgbOfRgba(width: number, height: number, b64: string): RgbImage {
  const rgba = Buffer.from(b64, 'base64');
  const data = new Uint8Array(width * height * 3);
  for (let i = 0, j = 0; j < data.length; i += 4, j += 3) data.set(rgba.subarray(i, i + 3), j);
  return { width, height, data };
}

const imageUrl = (relative: string) => `images/${relative}`;

/**
 * On webgl the frames are drawn at a quarter of their size into a canvas (the page's canvas input
 * path): SwiftShader, the software GPU headless Chromium offers, needs about two minutes per
 * full KITTI frame for segment-depth, which runs at the image's own size.
 */
const scaleOn = { wasm: 1, webgl: 0.25 } as const;

function reference(folder: TinyModelFolder, image: string, scale = 1): Float32Array {
  const key = `${folder.method.id} ${image} ${scale}`;
  if (!references.has(key)) {
    const preset = folder.method.presets[folder.preset];
    references.set(key, predictSample(folder.method, folder.loaded.built, folder.loaded.config, decoded.get(`${image}@${scale}`)!, preset.training.testSize).data);
  }
  return references.get(key)!;
}

beforeAll(async () => {
  await initWebBackend({ backend: 'wasm', log: false });
  scratch = await mkdtemp(path.join(tmpdir(), 'depthkit-web-e2e-'));
  const mounts: Record<string, string> = { '/images/': path.dirname(sharedData('PROVENANCE.md')) };
  for (const { method, preset } of tinyModels) {
    const folder = await tinyModelFolder(method, preset);
    folders.set(method.id, folder);
    mounts[`/models/${method.id}/`] = folder.dir;
  }
  // Two broken folders: weights missing, and a method this package does not know.
  const missing = path.join(scratch, 'missing-weights');
  await cp(folders.get('hma-depth')!.dir, missing, { recursive: true });
  await rm(path.join(missing, 'weights.bin'));
  const unknown = path.join(scratch, 'unknown-method');
  await cp(folders.get('hma-depth')!.dir, unknown, { recursive: true });
  await editMetadata(unknown, (d) => { d.method = 'midas'; });
  mounts['/bad/'] = scratch;
  harness = await startHarness(mounts);
  for (const image of realImages) {
    for (const scale of new Set(Object.values(scaleOn))) {
      const { width, height, rgba } = await call('decode', imageUrl(image), scale);
      decoded.set(`${image}@${scale}`, rgbOfRgba(width, height, rgba));
    }
  }
  const probe = await call('load', 'models/hma-depth/', 'webgl');
  webgl = probe.ok ? { ok: true, reason: '' } : { ok: false, reason: probe.error };
  console.log(webgl.ok ? 'webgl: available in headless Chromium (SwiftShader)' : `webgl: not available in headless Chromium — webgl tests skipped: ${webgl.reason}`);
}, 600_000);

afterAll(async () => {
  await harness?.close();
  for (const f of folders.values()) {
    f.loaded.built.model.dispose();
    await rm(path.dirname(f.dir), { recursive: true, force: true });
  }
  if (scratch) await rm(scratch, { recursive: true, force: true });
});

describe('@depthkit/web in headless Chromium', () => {
  it('decodes the PNG frames exactly as Node (sharp) does', async () => {
    for (const image of realImages) {
      const node = await readRealImage(image);
      const page = decoded.get(`${image}@1`)!;
      expect([page.width, page.height]).toEqual([node.width, node.height]);
      let differing = 0;
      for (let i = 0; i < node.data.length; i++) if (node.data[i] !== page.data[i]) differing++;
      console.log(`${image}: ${differing} of ${node.data.length} bytes differ between Chromium's and sharp's decoding`);
      if (image.endsWith('.png')) expect(differing).toBe(0);
    }
  });

  for (const backend of ['wasm', 'webgl'] as const) {
    const tolerance = backend === 'wasm' ? 1e-4 : 1e-2;
    const scale = scaleOn[backend];
    for (const { method, preset } of tinyModels) {
      it(`${method.id} (${preset}) on ${backend}: three real frames${scale === 1 ? '' : ` (at ${scale}× in a canvas)`} equal Node's predictSample to ${tolerance} relative`, async (context) => {
        if (backend === 'webgl' && !webgl.ok) {
          console.log(`skipped: ${webgl.reason}`);
          context.skip();
        }
        const started = Date.now();
        const loaded = await call('load', `models/${method.id}/`, backend);
        console.log(`load ${method.id} ${backend}: ${Date.now() - started} ms`);
        if (!loaded.ok) throw new Error(loaded.error);
        expect(loaded).toMatchObject({ method: method.id, preset, backend });
        for (const image of realImages) {
          const result = await call('estimate', imageUrl(image), scale);
          const expected = reference(folders.get(method.id)!, image, scale);
          const error = relativeError(floats(result.depth), expected);
          console.log(`parity ${method.id} ${backend} ${image}: max rel. error ${error.toExponential(2)} (${result.ms.toFixed(0)} ms)`);
          const input = decoded.get(`${image}@${scale}`)!;
          expect([result.width, result.height]).toEqual([input.width, input.height]);
          expect(error).toBeLessThan(tolerance);
          expect(result.max).toBeGreaterThan(result.min);
        }
      });
    }
  }

  it('loads from File objects (an <input type=file multiple>) and from the URL of model.json alike', async () => {
    const { dir } = folders.get('ds-sidenet')!;
    await harness.page.setInputFiles('#files', [path.join(dir, 'weights.bin'), path.join(dir, 'model.json')]);
    const fromFiles = await call('load', 'files', 'wasm');
    expect(fromFiles).toMatchObject({ ok: true, method: 'ds-sidenet', preset: 'tiny', backend: 'wasm' });
    expect(fromFiles.ok && fromFiles.progress.at(-1)).toBe(1);
    const byFiles = floats((await call('estimate', imageUrl(realImages[1]))).depth);
    const fromUrl = await call('load', `${harness.url}models/ds-sidenet/model.json`, 'wasm');
    expect(fromUrl).toMatchObject({ ok: true, method: 'ds-sidenet', progress: [0, 1] });
    const byUrl = floats((await call('estimate', imageUrl(realImages[1]))).depth);
    expect(byFiles).toEqual(byUrl);
    expect(relativeError(byUrl, reference(folders.get('ds-sidenet')!, realImages[1]))).toBeLessThan(1e-4);
  });

  it('loads from IndexedDB (indexeddb://) the model an app cached there', async () => {
    await call('copyToIndexedDb', 'models/region-support/model.json', 'region-support-tiny');
    expect(await call('load', 'indexeddb://region-support-tiny', 'wasm')).toMatchObject({ ok: true, method: 'region-support', preset: 'tiny' });
    const result = await call('estimate', imageUrl(realImages[2]));
    expect(relativeError(floats(result.depth), reference(folders.get('region-support')!, realImages[2]))).toBeLessThan(1e-4);
  });

  it('auto picks the first backend that initialises, webgpu → webgl → wasm → cpu, and says why', async () => {
    const auto = await call('load', 'models/hma-depth/', 'auto');
    if (!auto.ok) throw new Error(auto.error);
    console.log(`auto: ${auto.log.join(' | ')}`);
    expect(auto.log).toHaveLength(1);
    expect(auto.log[0]).toMatch(new RegExp(`^depthkit engine: ${auto.backend}`));
    // Each backend tried before the chosen one is named with its reason.
    const order = ['webgpu', 'webgl', 'wasm', 'cpu'];
    for (const skipped of order.slice(0, order.indexOf(auto.backend))) expect(auto.log[0]).toContain(`${skipped}: `);
    if (webgl.ok) expect(['webgpu', 'webgl']).toContain(auto.backend);
  });

  it('names the missing weight file when only model.json is dropped', async () => {
    await harness.page.setInputFiles('#files', [path.join(folders.get('hma-depth')!.dir, 'model.json')]);
    const result = await call('load', 'files', 'wasm');
    expect(result).toEqual({ ok: false, error: "model.json: names the weight file 'weights.bin', which is not among the files given (model.json); drop every file of the model folder" });
  });

  it('a bad model folder gives the clear error in the page', async () => {
    const missing = await call('load', 'bad/missing-weights/', 'wasm');
    const base = harness.url;
    expect(missing).toEqual({ ok: false, error: `${base}bad/missing-weights/weights.bin: expected a weight file named by ${base}bad/missing-weights/model.json, found HTTP 404 Not Found` });
    const unknown = await call('load', 'bad/unknown-method', 'wasm');
    expect(unknown.ok).toBe(false);
    expect(!unknown.ok && unknown.error).toBe(`${base}bad/unknown-method/model.json: userDefinedMetadata.depthkit.method is "midas"; expected one of hma-depth, deeplab-sid, ds-sidenet, region-support, segment-depth (the methods @depthkit/web knows)`);
    const absent = await call('load', 'bad/no-such-folder/', 'wasm');
    expect(absent).toEqual({ ok: false, error: `${base}bad/no-such-folder/model.json: expected a tfjs layers model.json, found HTTP 404 Not Found` });
  });

  it('names the image kind expected and found', async () => {
    expect(await call('load', 'models/hma-depth/', 'wasm')).toMatchObject({ ok: true });
    expect(await call('estimateError', 'string')).toBe('estimate: expected an HTMLImageElement, ImageBitmap, ImageData, HTMLCanvasElement, HTMLVideoElement, OffscreenCanvas or tf.Tensor3D [height, width, 3] of 0–255 values; found string "photo.png"');
    expect(await call('estimateError', 'broken-image')).toBe('estimate: the image  is not decoded (expected a loaded image with a size; await image.decode() first), found a broken image');
  });

  it('leaves no tensor behind after 20 estimates in the page, and frees the weights on dispose', async () => {
    for (const backend of webgl?.ok ? ['wasm', 'webgl'] : ['wasm']) {
      expect(await call('load', 'models/hma-depth/', backend)).toMatchObject({ ok: true, backend });
      const counts = await call('leakCheck', imageUrl(realImages[2]), 20, scaleOn[backend as 'wasm' | 'webgl']);
      console.log(`${backend}: ${counts.before} tensors before 20 estimates, ${counts.after} after, ${counts.afterDispose} after dispose`);
      expect(counts.after).toBe(counts.before);
      expect(counts.afterDispose).toBeLessThan(counts.before);
    }
  });

  it("runs the README's snippet as written: depth of a KITTI frame drawn on the canvas, its range logged", async () => {
    const page = await harness.browser.newPage();
    try {
      const logged = new Promise<string>((resolve, reject) => {
        page.on('console', (message) => { if (message.type() === 'log') resolve(message.text()); });
        page.on('pageerror', reject);
      });
      await page.goto(`${harness.url}snippet.html`);
      const line = await logged;
      console.log(`README snippet: ${line}`);
      expect(line).toMatch(/^hma-depth on (webgpu|webgl|wasm|cpu): \d+\.\d–\d+\.\d m$/);
      // The canvas holds the colour map at the frame's size, and it is not one colour.
      const canvas = await page.evaluate(() => {
        const c = document.querySelector('canvas')!;
        const data = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
        const colours = new Set<number>();
        for (let i = 0; i < data.length; i += 4 * 97) colours.add((data[i] << 16) | (data[i + 1] << 8) | data[i + 2]);
        return { width: c.width, height: c.height, colours: colours.size };
      });
      expect(canvas).toMatchObject({ width: 1242, height: 375 });
      expect(canvas.colours).toBeGreaterThan(20);
    } finally {
      await page.close();
    }
  });

  it('logs no error in the page', () => {
    expect(harness.errors).toEqual([]);
  });
});

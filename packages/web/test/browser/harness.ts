// Test-only (Node): bundles the test page with esbuild for the browser, serves it with the tfjs
// wasm binaries beside it, model folders and the shared images from one local HTTP server on
// an ephemeral port, and opens it in Debian's Chromium through playwright-core.
import { createReadStream } from 'node:fs';
import { copyFile, mkdir, mkdtemp, readFile, stat, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { chromium, type Browser, type Page } from 'playwright-core';

const here = path.dirname(fileURLToPath(import.meta.url));

const types: Record<string, string> = {
  '.html': 'text/html', '.js': 'text/javascript', '.json': 'application/json', '.wasm': 'application/wasm',
  '.png': 'image/png', '.jpg': 'image/jpeg', '.bin': 'application/octet-stream', '.map': 'application/json',
};

/** The tfjs wasm binaries, from the copy of tfjs-backend-wasm this package resolves. */
export function wasmBinaries(): string[] {
  const dist = path.dirname(createRequire(import.meta.url).resolve('@tensorflow/tfjs-backend-wasm/package.json'));
  return ['tfjs-backend-wasm.wasm', 'tfjs-backend-wasm-simd.wasm', 'tfjs-backend-wasm-threaded-simd.wasm'].map((f) => path.join(dist, 'dist', f));
}

/** Bundles `test/browser/page.ts` (and what it imports, from sources) as a page would ship it. */
export async function bundleTestPage(outDir: string): Promise<void> {
  await mkdir(outDir, { recursive: true });
  // The README's snippet, as a user pastes it: a second page, sharing the bundle's chunks.
  const snippet = path.join(outDir, 'readme-snippet.ts');
  await writeFile(snippet, (await readmeSnippet()).replace("from '@depthkit/web'", `from ${JSON.stringify(path.resolve(here, '../../src/index.ts'))}`));
  await build({
    entryPoints: { page: path.join(here, 'page.ts'), 'readme-snippet': snippet },
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    outdir: outDir,
    conditions: ['@depthkit/source'],
    logLevel: 'warning',
  });
  // "Beside the bundle": where loadDepthModel looks for them when wasmPaths is not given.
  for (const file of wasmBinaries()) await copyFile(file, path.join(outDir, path.basename(file)));
  await writeFile(path.join(outDir, 'snippet.html'), '<!doctype html><meta charset="utf-8"><title>README snippet</title><body><img src="images/kitti/metric3d_kitti_demo/rgb/0000000005.png"><canvas></canvas><script type="module" src="readme-snippet.js"></script></body>\n');
  await writeFile(path.join(outDir, 'index.html'), '<!doctype html><meta charset="utf-8"><title>depthkit web test</title><body><input type="file" id="files" multiple><script type="module" src="page.js"></script></body>\n');
}

/** The README's first TypeScript block (the ten-line snippet). */
export async function readmeSnippet(): Promise<string> {
  const readme = await readFile(path.resolve(here, '../../README.md'), 'utf8');
  const block = /```ts\n([\s\S]*?)```/.exec(readme)?.[1];
  if (!block) throw new Error('README.md: expected a ```ts block (the snippet), found none');
  return block;
}

export interface Harness {
  url: string;
  browser: Browser;
  page: Page;
  /** Chromium's console errors and page errors, for the tests to assert none. */
  errors: string[];
  close(): Promise<void>;
}

/**
 * Serves `mounts` (URL prefix → folder; files only from inside each folder) and the bundled page
 * at `/`, and opens the page. One server and one browser for a whole test file.
 */
export async function startHarness(mounts: Record<string, string>): Promise<Harness> {
  const bundle = await mkdtemp(path.join(tmpdir(), 'depthkit-web-page-'));
  await bundleTestPage(bundle);
  const routes: Record<string, string> = { ...mounts, '/': bundle };
  const server = createServer(async (request, response) => {
    const pathname = decodeURIComponent(new URL(request.url ?? '/', 'http://x').pathname);
    const prefix = Object.keys(routes).filter((p) => pathname.startsWith(p)).sort((a, b) => b.length - a.length)[0];
    const root = prefix ? routes[prefix] : undefined;
    const file = root ? path.join(root, pathname.slice(prefix!.length) || 'index.html') : undefined;
    const inside = root && file && !path.relative(root, file).startsWith('..');
    const info = inside ? await stat(file).catch(() => null) : null;
    if (!info?.isFile()) {
      response.writeHead(404, { 'content-type': 'text/plain' }).end(`not found: ${pathname}`);
      return;
    }
    response.writeHead(200, { 'content-type': types[path.extname(file!)] ?? 'application/octet-stream', 'content-length': info.size });
    createReadStream(file!).pipe(response);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as { port: number }).port}/`;
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    // SwiftShader gives headless Chromium a software WebGL 2 (and no GPU process needed).
    args: ['--headless', '--no-sandbox', '--disable-background-networking', '--use-angle=swiftshader', '--enable-unsafe-swiftshader', '--ignore-gpu-blocklist'],
  });
  const page = await browser.newPage();
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  page.on('console', (message) => {
    if (message.type() === 'error' && !/Failed to load resource: the server responded with a status of 404/.test(message.text())) errors.push(message.text());
  });
  await page.goto(url);
  await page.waitForSelector('body[data-ready="true"]');
  return {
    url, browser, page, errors,
    async close() {
      await browser.close();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

export type { Server };

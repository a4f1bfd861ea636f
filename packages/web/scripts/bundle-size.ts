// Prints what @depthkit/web costs a page, gzipped: the entry a page loads up front (the five
// methods, tfjs-core and -layers included) and each backend chunk loaded only when chosen.
// Bundled from sources with esbuild for the browser, minified, split at the dynamic imports.
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';
import { wasmBinaries } from '../test/browser/harness.js';

const entry = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../src/index.ts');
const kib = (n: number) => `${(n / 1024).toFixed(0)} KiB`;

const outdir = await mkdtemp(path.join(tmpdir(), 'depthkit-web-size-'));
try {
  const result = await build({
    entryPoints: { 'depthkit-web': entry }, bundle: true, splitting: true, format: 'esm', platform: 'browser', target: 'es2022',
    minify: true, outdir, conditions: ['@depthkit/source'], metafile: true, logLevel: 'warning',
  });
  const rows: [string, number, number][] = [];
  for (const [file, info] of Object.entries(result.metafile.outputs)) {
    const bytes = await readFile(file);
    // Each dynamic import() is an entry point of its own chunk: the backends load only when chosen.
    const backend = /tfjs-backend-(webgpu|webgl|wasm|cpu)\//.exec(info.entryPoint ?? '')?.[1];
    const label = info.entryPoint?.endsWith('src/index.ts') ? '@depthkit/web entry (5 methods, tfjs-core, tfjs-layers)'
      : backend ? `backend ${backend} (loaded when chosen)` : `shared chunk (code the entry and backends share)`;
    rows.push([label, bytes.byteLength, gzipSync(bytes).byteLength]);
  }
  rows.sort((a, b) => b[2] - a[2]);
  for (const [label, bytes, gz] of rows) console.log(`${label.padEnd(58)} ${kib(bytes).padStart(9)} minified  ${kib(gz).padStart(8)} gzipped`);
  const total = rows.reduce((n, r) => n + r[2], 0);
  const upFront = rows.filter((r) => !r[0].startsWith('backend')).reduce((n, r) => n + r[2], 0);
  console.log(`${'first load: entry + shared chunks (then one backend)'.padEnd(58)} ${''.padStart(9)}           ${kib(upFront).padStart(8)} gzipped`);
  console.log(`${'all JavaScript'.padEnd(58)} ${kib(rows.reduce((n, r) => n + r[1], 0)).padStart(9)} minified  ${kib(total).padStart(8)} gzipped`);
  for (const file of wasmBinaries()) {
    const bytes = await readFile(file);
    console.log(`${`wasm binary ${path.basename(file)}`.padEnd(58)} ${kib(bytes.byteLength).padStart(9)}           ${kib(gzipSync(bytes).byteLength).padStart(8)} gzipped`);
  }
} finally {
  await rm(outdir, { recursive: true, force: true });
}

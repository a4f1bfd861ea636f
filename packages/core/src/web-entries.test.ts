import { builtinModules } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { build, type Plugin } from 'esbuild';
import { describe, expect, it } from 'vitest';

/**
 * Each package's `/web` entry must bundle for a browser: no Node built-in and no Node-only
 * dependency may be reachable from it. The bundle runs on sources (the @depthkit/source
 * condition), so a regression is caught before any build.
 */
const packagesDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const webEntries = ['core', 'hma-depth', 'ds-sidenet', 'deeplab-sid', 'region-support', 'segment-depth'];
const nodeOnlyPackages = ['sharp', 'h5wasm', 'commander', 'cli-progress', '@tensorflow/tfjs-node', '@tensorflow/tfjs-node-gpu', 'playwright-core'];

interface Offence {
  readonly imported: string;
  readonly importer: string;
}

function isNodeOnly(specifier: string): boolean {
  if (specifier.startsWith('node:')) return true;
  const bare = specifier.split('/')[0];
  if (builtinModules.includes(specifier) || builtinModules.includes(bare)) return true;
  return nodeOnlyPackages.some((name) => specifier === name || specifier.startsWith(`${name}/`));
}

/**
 * Records every Node-only import (with who imports it) instead of failing on the first. A
 * built-in that a dependency's package.json `browser` field maps to `false` (tfjs-core's `util`,
 * seedrandom's `crypto`) is what bundlers drop for the browser: not an offence.
 */
function nodeImportRecorder(offences: Offence[]): Plugin {
  return {
    name: 'node-import-recorder',
    setup(pluginBuild) {
      pluginBuild.onResolve({ filter: /.*/ }, async (args) => {
        if (args.pluginData?.inner || args.kind === 'entry-point' || !isNodeOnly(args.path)) return undefined;
        const resolved = await pluginBuild.resolve(args.path, { kind: args.kind, resolveDir: args.resolveDir, importer: args.importer, pluginData: { inner: true } });
        const disabledForBrowser = resolved.errors.length === 0 && resolved.namespace !== 'file';
        if (!disabledForBrowser) offences.push({ imported: args.path, importer: path.relative(packagesDir, args.importer) });
        return { path: args.path, external: true };
      });
    },
  };
}

async function bundleForBrowser(entry: string): Promise<{ offences: Offence[]; bytes: number; gzipped: number }> {
  const offences: Offence[] = [];
  const result = await build({
    entryPoints: [entry],
    bundle: true,
    write: false,
    platform: 'browser',
    format: 'esm',
    minify: true,
    conditions: ['@depthkit/source'],
    logLevel: 'silent',
    plugins: [nodeImportRecorder(offences)],
  });
  const code = result.outputFiles[0].contents;
  return { offences, bytes: code.byteLength, gzipped: gzipSync(code).byteLength };
}

describe('browser-safe /web entries', () => {
  it('isNodeOnly recognises built-ins and Node-only packages, and lets tfjs through', () => {
    expect(['node:fs', 'fs/promises', 'path', 'worker_threads', 'sharp', 'commander', 'h5wasm'].map(isNodeOnly)).toEqual([true, true, true, true, true, true, true]);
    expect(['@tensorflow/tfjs-core', '@tensorflow/tfjs-layers', './web.js'].map(isNodeOnly)).toEqual([false, false, false]);
  });

  it('a Node entry is caught: the check can fail', async () => {
    const { offences } = await bundleForBrowser(path.join(packagesDir, 'core/src/index.ts'));
    const imported = new Set(offences.map((o) => o.imported));
    expect(imported.has('sharp')).toBe(true);
    expect([...imported].some((name) => name.startsWith('node:'))).toBe(true);
    // The Node entry is a library: the CLIs (commander) load only behind `bin` / `@depthkit/core/cli`.
    expect(imported.has('commander')).toBe(false);
  });

  // @depthkit/web is browser-only: its main entry is the page-side runtime.
  const entries = [...webEntries.map((pkg) => [`@depthkit/${pkg}/web`, `${pkg}/src/web.ts`]), ['@depthkit/web', 'web/src/index.ts']];
  for (const [name, file] of entries) {
    it(`${name} bundles for the browser with nothing of Node`, async () => {
      const { offences, bytes, gzipped } = await bundleForBrowser(path.join(packagesDir, file));
      console.log(`${name}: ${(bytes / 1024).toFixed(0)} KiB minified, ${(gzipped / 1024).toFixed(0)} KiB gzipped (tfjs included)`);
      expect(offences.map((o) => `${o.imported} (imported by ${o.importer})`)).toEqual([]);
    });
  }
});

import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';

export interface BundleSize {
  entry: string;
  /** Everything the entry pulls in (tfjs included), minified. */
  bytes: number;
  gzipped: number;
  /** The entry's own code: tfjs and the other @depthkit packages left external. */
  ownGzipped: number;
}

async function bundledBytes(file: string, external: string[]): Promise<Uint8Array> {
  const result = await build({
    entryPoints: [file], bundle: true, write: false, platform: 'browser', format: 'esm', minify: true,
    conditions: ['@depthkit/source'], logLevel: 'silent', external,
  });
  return result.outputFiles[0].contents;
}

/** Gzipped size of one `/web` entry bundled with esbuild for the browser (from sources), whole and alone. */
export async function bundleSize(name: string, file: string): Promise<BundleSize> {
  const whole = await bundledBytes(file, []);
  const own = await bundledBytes(file, ['@tensorflow/*', ...otherDepthkit(name)]);
  return { entry: name, bytes: whole.byteLength, gzipped: gzipSync(whole, { level: 9 }).byteLength, ownGzipped: gzipSync(own, { level: 9 }).byteLength };
}

function otherDepthkit(name: string): string[] {
  const self = name.split('/').slice(0, 2).join('/');
  return ['@depthkit/core', '@depthkit/core/*', '@depthkit/hma-depth/*', '@depthkit/ds-sidenet/*', '@depthkit/deeplab-sid/*', '@depthkit/region-support/*', '@depthkit/segment-depth/*', '@depthkit/web']
    .filter((e) => !e.startsWith(self));
}

export function entryFile(root: string, entry: string): string {
  if (entry === '@depthkit/web') return path.join(root, 'packages/web/src/index.ts');
  const pkg = entry.replace(/^@depthkit\//, '').replace(/\/web$/, '');
  return path.join(root, 'packages', pkg, 'src/web.ts');
}

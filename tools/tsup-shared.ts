import { existsSync } from 'node:fs';
import { defineConfig, type Options } from 'tsup';

/**
 * The build every method package and the bench share: the library entry plus the CLI script
 * behind the package's bin. tfjs and depthkit stay external, so an application's own tfjs (and
 * engine) is the one used and each @depthkit package is loaded once.
 */
export function depthkitPackageTsupConfig(extraExternal: Options['external'] = []) {
  return defineConfig({
    entry: { index: 'src/index.ts', ...(existsSync('src/web.ts') ? { web: 'src/web.ts' } : {}), cli: 'scripts/cli.ts' },
    format: ['esm'],
    dts: { entry: { index: 'src/index.ts', ...(existsSync('src/web.ts') ? { web: 'src/web.ts' } : {}) } },
    sourcemap: true,
    clean: true,
    target: 'node20',
    external: [/^@tensorflow\//, /^@depthkit\//, ...(extraExternal ?? [])],
  });
}

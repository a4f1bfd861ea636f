import { defineConfig } from 'tsup';

// Browser-only library: no CLI. tfjs and depthkit stay external so the page's bundler loads
// one copy of each (and the page's own tfjs backends are the ones registered).
export default defineConfig({
  entry: { index: 'src/index.ts' },
  format: ['esm'],
  dts: { entry: { index: 'src/index.ts' } },
  sourcemap: true,
  clean: true,
  target: 'es2022',
  platform: 'browser',
  external: [/^@tensorflow\//, /^@depthkit\//],
});

import { defineConfig } from 'tsup';

export default defineConfig({
  // The pipeline's worker is its own file, found next to the bundle that starts it.
  entry: { index: 'src/index.ts', web: 'src/web.ts', testing: 'src/testing/index.ts', 'cli-api': 'src/cli/index.ts', cli: 'src/cli.ts', 'augment-worker': 'src/datasets/pipeline/augment-worker.ts' },
  format: ['esm'],
  dts: { entry: { index: 'src/index.ts', web: 'src/web.ts', testing: 'src/testing/index.ts', 'cli-api': 'src/cli/index.ts' } },
  sourcemap: true,
  clean: true,
  target: 'node20',
  // tfjs packages stay external so an application's own tfjs (and engine) is the one used.
  external: [/^@tensorflow\//],
});

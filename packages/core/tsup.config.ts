import { defineConfig } from 'tsup';

export default defineConfig({
  entry: ['src/index.ts', 'src/web.ts', 'src/cli.ts'],
  format: ['esm'],
  dts: { entry: ['src/index.ts', 'src/web.ts'] },
  sourcemap: true,
  clean: true,
  target: 'node20',
  // tfjs packages stay external so an application's own tfjs (and engine) is the one used.
  external: [/^@tensorflow\//],
});

import { defineConfig, defaultClientConditions } from 'vite';

// Threaded wasm needs SharedArrayBuffer, which a page has only when cross-origin isolated.
const isolation = { 'Cross-Origin-Opener-Policy': 'same-origin', 'Cross-Origin-Embedder-Policy': 'require-corp' };

/** Built from the packages' sources (as the tests run), so the demo needs no `pnpm build` first. */
export default defineConfig({
  base: './',
  resolve: { conditions: ['@depthkit/source', ...defaultClientConditions] },
  // Unminified: tfjs's threaded wasm builds its worker from its own source text, which minifying breaks ('e is not defined').
  build: { target: 'es2022', chunkSizeWarningLimit: 4096, minify: false },
  server: { headers: isolation },
  preview: { headers: isolation },
});

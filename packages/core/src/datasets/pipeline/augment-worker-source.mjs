// The pipeline worker's entry when @depthkit/core runs from its sources (vitest, tsx): loads the
// TypeScript worker through tsx. The built package starts dist/augment-worker.js instead.
import { tsImport } from 'tsx/esm/api';

await tsImport('./augment-worker.ts', import.meta.url);

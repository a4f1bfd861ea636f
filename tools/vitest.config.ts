import { depthkitVitestConfig } from './vitest-shared.js';

// The harnesses' pure parts (argument parsing, round scheduling, ratio arithmetic); nothing timed.
export default depthkitVitestConfig({ include: ['perf/**/*.test.ts', 'data-bench/**/*.test.ts'] });

import { depthkitVitestConfig } from './vitest-shared.js';

// The harnesses' pure parts (argument parsing, round scheduling, ratio arithmetic; nothing timed)
// and the README examples, run as a user runs them.
export default depthkitVitestConfig({ include: ['perf/**/*.test.ts', 'data-bench/**/*.test.ts', 'readme-examples/**/*.test.ts'] });

export { benchMethods, benchSettings, type BenchSetting } from './methods.js';
export { benchSuites, benchSuite, type BenchSuite } from './suites.js';
export { runBench, defaultBudgetSeconds, BenchInterrupted, type BenchOptions, type BenchRun } from './run-bench.js';
export type { BenchResults } from './results.js';
export type { BenchRow, RowStatus } from './bench-row.js';

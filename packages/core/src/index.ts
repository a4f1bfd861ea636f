export * from './web.js';
// initEngine and its types come with ./web (the engine choice is browser-safe).
export { describeLoadFailure } from './engine/engine.js';
export { packageVersion, depthkitVersion } from './cli/package-version.js';
export * from './datasets/index.js';
export { writeFileAtomic } from './fs/write-file-atomic.js';
export { resumeCommand, describeInterruptedRun, type InterruptedRun } from './cli/interrupted-run.js';
export * from './layers/index.js';
export * from './tensor/index.js';
export * from './io/index.js';
export * from './metrics/index.js';
export * from './eval/index.js';
export * from './losses/index.js';
export * from './datasets/pipeline/index.js';
export * from './synth/index.js';
export * from './method/index.js';
export * from './train/index.js';
export * from './backbones/index.js';

export { BatchNorm, batchNorm, type BatchNormArgs } from './batch-norm.js';
export { registerCoreLayers, corePackageName } from './register.js';

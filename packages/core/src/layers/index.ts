export { BatchNorm, batchNorm, type BatchNormArgs } from './batch-norm.js';
export { registerCoreLayers, corePackageName } from './register.js';
export { Resize, resize, resizeImages, type ResizeArgs, type ResizeConvention } from './resize.js';
